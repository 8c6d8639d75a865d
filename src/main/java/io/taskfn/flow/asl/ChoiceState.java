package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Goes to the Next of the first rule that holds, or to Default. */
final class ChoiceState extends State {

  private static final Set<String> COMPARISONS =
      Set.of(
          "StringEquals",
          "StringEqualsPath",
          "StringLessThan",
          "StringLessThanPath",
          "StringGreaterThan",
          "StringGreaterThanPath",
          "StringLessThanEquals",
          "StringLessThanEqualsPath",
          "StringGreaterThanEquals",
          "StringGreaterThanEqualsPath",
          "StringMatches",
          "NumericEquals",
          "NumericEqualsPath",
          "NumericLessThan",
          "NumericLessThanPath",
          "NumericGreaterThan",
          "NumericGreaterThanPath",
          "NumericLessThanEquals",
          "NumericLessThanEqualsPath",
          "NumericGreaterThanEquals",
          "NumericGreaterThanEqualsPath",
          "BooleanEquals",
          "BooleanEqualsPath",
          "TimestampEquals",
          "TimestampEqualsPath",
          "TimestampLessThan",
          "TimestampLessThanPath",
          "TimestampGreaterThan",
          "TimestampGreaterThanPath",
          "TimestampLessThanEquals",
          "TimestampLessThanEqualsPath",
          "TimestampGreaterThanEquals",
          "TimestampGreaterThanEqualsPath",
          "IsNull",
          "IsPresent",
          "IsNumeric",
          "IsString",
          "IsBoolean",
          "IsTimestamp");

  private interface Condition {
    boolean test(JsonNode input, Frame frame, Map<String, Object> jsonataStates);
  }

  private static final class Rule {
    final Condition condition;
    final String nextName;
    final Assignment assign;
    final JsonataTemplate output;
    State next;

    Rule(Condition condition, String nextName, Assignment assign, JsonataTemplate output) {
      this.condition = condition;
      this.nextName = nextName;
      this.assign = assign;
      this.output = output;
    }
  }

  private final List<Rule> rules = new ArrayList<>();
  private final String defaultName;
  private State defaultState;

  ChoiceState(String name, Fields f, QueryLanguage language) {
    super(
        name,
        f,
        language,
        Set.of("Choices", "Default", "InputPath", "OutputPath", "Assign", "Output"),
        true);
    JsonNode choices = f.get("Choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new AslDefinitionException(f.where("Choices"), "must be a non-empty array of rules");
    }
    for (int i = 0; i < choices.size(); i++) {
      Fields r = new Fields(choices.get(i), f.where("Choices") + "[" + i + "]");
      Condition condition =
          this.language == QueryLanguage.JSONATA ? jsonataCondition(r) : jsonPathCondition(r, true);
      rules.add(
          new Rule(
              condition,
              r.string("Next"),
              Assignment.parse(r, this.language),
              r.has("Output")
                  ? JsonataTemplate.compile(r.get("Output"), "Output", r.where("Output"))
                  : null));
    }
    this.defaultName = f.optString("Default");
  }

  private static Condition jsonataCondition(Fields r) {
    r.allowOnly(Set.of("Condition", "Next", "Assign", "Output", "Comment"));
    JsonNode text = r.get("Condition");
    if (text == null) {
      throw new AslDefinitionException(r.location, "a JSONata rule needs a Condition");
    }
    if (text.isBoolean()) {
      boolean constant = text.asBoolean();
      return (input, frame, states) -> constant;
    }
    JsonataTemplate expression = JsonataTemplate.compile(text, "Condition", r.where("Condition"));
    return (input, frame, states) -> {
      JsonNode value = expression.evaluate(frame, states);
      if (!value.isBoolean()) {
        throw JsonataTemplate.wrongType(expression.expressionText(), "Condition", "boolean", value);
      }
      return value.asBoolean();
    };
  }

  private static Condition jsonPathCondition(Fields r, boolean topLevel) {
    if (r.has("And") || r.has("Or")) {
      boolean and = r.has("And");
      String op = and ? "And" : "Or";
      JsonNode list = r.get(op);
      if (!list.isArray() || list.isEmpty()) {
        throw new AslDefinitionException(r.where(op), "must be a non-empty array of rules");
      }
      List<Condition> parts = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        parts.add(jsonPathCondition(new Fields(list.get(i), r.where(op) + "[" + i + "]"), false));
      }
      checkRuleFields(r, op, topLevel);
      return (input, frame, states) -> {
        for (Condition c : parts) {
          if (c.test(input, frame, states) != and) {
            return !and;
          }
        }
        return and;
      };
    }
    if (r.has("Not")) {
      Condition inner = jsonPathCondition(new Fields(r.get("Not"), r.where("Not")), false);
      checkRuleFields(r, "Not", topLevel);
      return (input, frame, states) -> !inner.test(input, frame, states);
    }
    String variableText = r.string("Variable");
    JsonPathExpr variable = JsonPathExpr.compile(variableText, r.where("Variable"));
    String operator = null;
    for (String candidate : COMPARISONS) {
      if (r.has(candidate)) {
        if (operator != null) {
          throw new AslDefinitionException(
              r.location, "a rule has one comparison, not " + operator + " and " + candidate);
        }
        operator = candidate;
      }
    }
    if (operator == null) {
      throw new AslDefinitionException(r.location, "a rule needs a comparison operator");
    }
    checkRuleFields(r, operator, topLevel, "Variable");
    return comparison(variable, operator, r.get(operator), r.where(operator));
  }

  private static void checkRuleFields(Fields r, String operator, boolean topLevel, String... more) {
    Set<String> allowed = new java.util.HashSet<>(Set.of(operator, "Comment"));
    allowed.addAll(List.of(more));
    if (topLevel) {
      allowed.add("Next");
      allowed.add("Assign");
    }
    r.allowOnly(allowed);
  }

  private static Condition comparison(
      JsonPathExpr variable, String operator, JsonNode operand, String location) {
    boolean byPath = operator.endsWith("Path");
    String base = byPath ? operator.substring(0, operator.length() - 4) : operator;
    JsonPathExpr operandPath =
        byPath ? JsonPathExpr.compile(textOperand(operand, location), location) : null;
    if (base.startsWith("Is")) {
      if (!operand.isBoolean()) {
        throw new AslDefinitionException(location, "must be true or false");
      }
      boolean expected = operand.asBoolean();
      return (input, frame, states) -> {
        JsonNode value;
        try {
          value = variable.read(input, frame);
        } catch (JsonPathExpr.NoResult e) {
          if (base.equals("IsPresent")) {
            return !expected;
          }
          throw invalidPath(variable);
        }
        boolean actual =
            switch (base) {
              case "IsPresent" -> true;
              case "IsNull" -> value.isNull();
              case "IsNumeric" -> value.isNumber();
              case "IsString" -> value.isTextual();
              case "IsBoolean" -> value.isBoolean();
              default -> value.isTextual() && Timestamps.parse(value.asText()).isPresent();
            };
        return actual == expected;
      };
    }
    if (!byPath) {
      checkLiteral(base, operand, location);
    }
    int[] matcher = base.equals("StringMatches") ? wildcard(operand.asText()) : null;
    return (input, frame, states) -> {
      JsonNode value = readVariable(variable, input, frame);
      JsonNode other = byPath ? readVariable(operandPath, input, frame) : operand;
      if (matcher != null) {
        return value.isTextual() && matches(matcher, value.asText());
      }
      return compare(base, value, other);
    };
  }

  private static String textOperand(JsonNode operand, String location) {
    if (!operand.isTextual()) {
      throw new AslDefinitionException(location, "must be a path string");
    }
    return operand.asText();
  }

  private static void checkLiteral(String base, JsonNode operand, String location) {
    boolean ok =
        switch (base.replaceAll(
            "(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)$", "")) {
          case "String" -> operand.isTextual();
          case "Numeric" -> operand.isNumber();
          case "Boolean" -> operand.isBoolean();
          case "Timestamp" -> operand.isTextual() && Timestamps.parse(operand.asText()).isPresent();
          default -> true;
        };
    if (!ok) {
      throw new AslDefinitionException(location, "has a value of the wrong type for " + base);
    }
  }

  private static JsonNode readVariable(JsonPathExpr path, JsonNode input, Frame frame) {
    try {
      return path.read(input, frame);
    } catch (JsonPathExpr.NoResult e) {
      throw invalidPath(path);
    }
  }

  private static FlowFailure invalidPath(JsonPathExpr path) {
    return FlowFailure.runtime(
        "Invalid path '"
            + path.text()
            + "': The choice state's condition path references an invalid value.");
  }

  private static boolean compare(String base, JsonNode value, JsonNode other) {
    String kind =
        base.replaceAll("(Equals|LessThanEquals|GreaterThanEquals|LessThan|GreaterThan)$", "");
    String relation = base.substring(kind.length());
    Integer order =
        switch (kind) {
          case "String" ->
              value.isTextual() && other.isTextual()
                  ? Integer.signum(value.asText().compareTo(other.asText()))
                  : null;
          case "Numeric" ->
              value.isNumber() && other.isNumber()
                  ? value.decimalValue().compareTo(other.decimalValue())
                  : null;
          case "Boolean" ->
              value.isBoolean() && other.isBoolean()
                  ? (value.asBoolean() == other.asBoolean() ? 0 : 1)
                  : null;
          case "Timestamp" -> {
            Optional<Instant> a =
                value.isTextual() ? Timestamps.parse(value.asText()) : Optional.empty();
            Optional<Instant> b =
                other.isTextual() ? Timestamps.parse(other.asText()) : Optional.empty();
            yield a.isPresent() && b.isPresent() ? a.get().compareTo(b.get()) : null;
          }
          default -> null;
        };
    if (order == null) {
      return false;
    }
    return switch (relation) {
      case "Equals" -> order == 0;
      case "LessThan" -> order < 0;
      case "GreaterThan" -> order > 0;
      case "LessThanEquals" -> order <= 0;
      case "GreaterThanEquals" -> order >= 0;
      default -> false;
    };
  }

  /** A wildcard in a compiled StringMatches pattern; every other entry is a character. */
  private static final int STAR = -1;

  /** StringMatches: * is any run of characters; \* and \\ are literal. */
  private static int[] wildcard(String pattern) {
    int[] compiled = new int[pattern.length()];
    int n = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        compiled[n++] = pattern.charAt(++i);
      } else {
        compiled[n++] = c == '*' ? STAR : c;
      }
    }
    return java.util.Arrays.copyOf(compiled, n);
  }

  /**
   * Whether the whole text matches the pattern. Greedy, going back only to the last wildcard seen:
   * at most pattern length × text length steps, where a regular expression of {@code .*} parts
   * backtracks exponentially (30 wildcards against 3,000 characters kept a core busy for good).
   */
  private static boolean matches(int[] pattern, String text) {
    int p = 0;
    int t = 0;
    int lastStar = -1;
    int resumeAt = 0;
    while (t < text.length()) {
      if (p < pattern.length && pattern[p] == STAR) {
        lastStar = p++;
        resumeAt = t;
      } else if (p < pattern.length && pattern[p] == text.charAt(t)) {
        p++;
        t++;
      } else if (lastStar >= 0) {
        p = lastStar + 1;
        t = ++resumeAt;
      } else {
        return false;
      }
    }
    while (p < pattern.length && pattern[p] == STAR) {
      p++;
    }
    return p == pattern.length;
  }

  @Override
  String type() {
    return "Choice";
  }

  @Override
  void link(Map<String, State> states, String location) {
    for (Rule rule : rules) {
      rule.next = states.get(rule.nextName);
      if (rule.next == null) {
        throw new AslDefinitionException(
            location + "." + name + ".Choices.Next", "no state is named '" + rule.nextName + "'");
      }
    }
    if (defaultName != null) {
      defaultState = states.get(defaultName);
      if (defaultState == null) {
        throw new AslDefinitionException(
            location + "." + name + ".Default", "no state is named '" + defaultName + "'");
      }
    }
  }

  @Override
  List<State> successors() {
    List<State> out = new ArrayList<>();
    rules.forEach(r -> out.add(r.next));
    if (defaultState != null) {
      out.add(defaultState);
    }
    return out;
  }

  @Override
  Step execute(Frame frame, JsonNode input) {
    boolean jsonata = language == QueryLanguage.JSONATA;
    JsonNode effective = effectiveInput(frame, input);
    Map<String, Object> states = jsonata ? jsonataStates(frame, input, null, null) : null;
    for (Rule rule : rules) {
      if (rule.condition.test(effective, frame, states)) {
        Map<String, JsonNode> assigned =
            rule.assign == null ? Map.of() : rule.assign.evaluate(frame, effective, states);
        JsonNode out;
        if (jsonata) {
          out =
              checkSize(
                  frame,
                  rule.output != null
                      ? rule.output.evaluate(frame, states)
                      : stateOutput(frame, input, null, input));
        } else {
          out = stateOutput(frame, input, effective, null);
        }
        // A rule's assignments are visible from the next state on.
        if (rule.assign != null) {
          frame.assign(assigned);
        }
        return new Step(rule.next, out);
      }
    }
    if (defaultState == null) {
      throw new FlowFailure(ErrorNames.NO_CHOICE_MATCHED, "No Matches!");
    }
    if (jsonata) {
      return new Step(defaultState, stateOutput(frame, input, null, input));
    }
    return new Step(defaultState, stateOutput(frame, input, effective, null));
  }
}
