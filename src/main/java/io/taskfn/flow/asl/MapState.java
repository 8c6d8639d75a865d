package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs its item processor once for each item of an array and gives the array of outputs. Items that
 * call tasks run at once, at most MaxConcurrency (and {@link #INLINE_CONCURRENCY}) together;
 * failures count against the tolerated failure count or percentage.
 */
final class MapState extends RecoverableState {

  /**
   * How many iterations run at once when MaxConcurrency gives no lower number: Step Functions runs
   * at most 40 iterations of an inline Map together, whatever MaxConcurrency says.
   */
  static final int INLINE_CONCURRENCY = 40;

  private final StateMachine processor;
  private final JsonPathExpr itemsPath;
  private final JsonataTemplate items;
  private final PayloadTemplate itemSelectorPath;
  private final JsonataTemplate itemSelectorJsonata;
  private final JsonNode maxConcurrency;
  private final JsonPathExpr maxConcurrencyPath;
  private final JsonNode toleratedCount;
  private final JsonPathExpr toleratedCountPath;
  private final JsonNode toleratedPercentage;
  private final JsonPathExpr toleratedPercentagePath;
  private final boolean distributed;
  private final String label;

  MapState(String name, Fields f, QueryLanguage language, TaskInvoker invoker) {
    super(
        name,
        f,
        language,
        Set.of(
            "Iterator",
            "ItemProcessor",
            "ItemsPath",
            "Items",
            "ItemSelector",
            "MaxConcurrency",
            "MaxConcurrencyPath",
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
            "Label",
            "ItemReader",
            "ItemBatcher",
            "ResultWriter"));
    if (f.has("ItemReader")) {
      throw new AslDefinitionException(
          f.where("ItemReader"), "reading items from an outside source is not supported");
    }
    JsonNode processorNode = f.has("ItemProcessor") ? f.get("ItemProcessor") : f.get("Iterator");
    String processorField = f.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
    if (processorNode == null) {
      throw new AslDefinitionException(f.location, "needs an ItemProcessor (or Iterator)");
    }
    this.processor =
        StateMachine.parseBranch(processorNode, f.where(processorField), this.language, invoker);
    this.distributed =
        processorNode.path("ProcessorConfig").path("Mode").asText("").equals("DISTRIBUTED");
    this.label = f.optString("Label");
    boolean jsonata = this.language == QueryLanguage.JSONATA;
    this.itemsPath =
        f.has("ItemsPath")
            ? JsonPathExpr.compile(f.string("ItemsPath"), f.where("ItemsPath"))
            : null;
    this.items =
        jsonata && f.has("Items")
            ? JsonataTemplate.compile(f.get("Items"), "Items", f.where("Items"))
            : null;
    JsonNode selector = f.has("ItemSelector") ? f.get("ItemSelector") : f.get("Parameters");
    String selectorField = f.has("ItemSelector") ? "ItemSelector" : "Parameters";
    this.itemSelectorPath =
        selector != null && !jsonata
            ? PayloadTemplate.compile(selector, f.where(selectorField))
            : null;
    this.itemSelectorJsonata =
        selector != null && jsonata
            ? JsonataTemplate.compile(selector, selectorField, f.where(selectorField))
            : null;
    this.maxConcurrency = f.get("MaxConcurrency");
    this.maxConcurrencyPath = path(f, "MaxConcurrencyPath");
    this.toleratedCount = f.get("ToleratedFailureCount");
    this.toleratedCountPath = path(f, "ToleratedFailureCountPath");
    this.toleratedPercentage = f.get("ToleratedFailurePercentage");
    this.toleratedPercentagePath = path(f, "ToleratedFailurePercentagePath");
  }

  private static JsonPathExpr path(Fields f, String field) {
    return f.has(field) ? JsonPathExpr.compile(f.string(field), f.where(field)) : null;
  }

  @Override
  String type() {
    return "Map";
  }

  @Override
  List<StateMachine> nestedMachines() {
    return List.of(processor);
  }

  @Override
  boolean callsTasks() {
    return processor.callsTasks();
  }

  @Override
  JsonNode effectiveInput(Frame frame, JsonNode raw) {
    // Parameters of a Map state select each item (the old name of ItemSelector), not the input.
    return raw;
  }

  @Override
  String failedEventType() {
    return "MapStateFailed";
  }

  /**
   * Where the iterations' events link, as Step Functions links them: an iteration starts after the
   * last event of the one before (not its MapIterationSucceeded), and the state ends after the last
   * iteration's closing event, or fails after the last event of the iteration that failed.
   */
  private static final class Links {
    long lastInner;
    long lastClosing;
    final Map<Integer, Long> failedAt = new ConcurrentHashMap<>();
    long failure = -1;

    Links(long started) {
      lastInner = started;
      lastClosing = started;
    }
  }

  @Override
  JsonNode attempt(Frame frame, JsonNode raw) throws InterruptedException {
    boolean jsonata = language == QueryLanguage.JSONATA;
    Map<String, Object> states = jsonata ? jsonataStates(frame, raw, null, null) : null;
    JsonNode effective = jsonata ? raw : inputPathApplied(frame, raw);
    int concurrencyLimit = maxConcurrency(frame, effective, states);
    JsonNode list = itemList(frame, effective, states);
    ObjectNode started = Json.object();
    started.put("length", list.size());
    long startedId = frame.record("MapStateStarted", started);
    long toleratedFailures = toleratedFailures(frame, effective, states);
    double toleratedPercent = toleratedPercentage(frame, effective, states);
    long linksFrom = startedId;
    if (distributed) {
      ObjectNode run = Json.object();
      run.put("mapRunArn", frame.run.mapRunArn(label != null ? label : name));
      linksFrom = frame.record("MapRunStarted", run);
    }
    Links at = new Links(linksFrom);
    int[] failures = new int[1];
    JsonNode[] outputs;
    try {
      outputs =
          Fanout.run(
              frame.run,
              name,
              list.size(),
              concurrencyLimit,
              callsTasks(),
              index -> iteration(frame, at, raw, effective, list, index),
              (index, failure) -> {
                failures[0]++;
                boolean tolerated =
                    failures[0] <= toleratedFailures
                        || (toleratedPercent > 0
                            && failures[0] * 100.0 / list.size() <= toleratedPercent);
                if (!tolerated) {
                  synchronized (at) {
                    at.failure = at.failedAt.getOrDefault(index, at.lastInner);
                  }
                  if (toleratedFailures > 0 || toleratedPercent > 0) {
                    throw new FlowFailure(
                        ErrorNames.EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        "The specified tolerated failure threshold was exceeded");
                  }
                  throw failure;
                }
              });
    } catch (FlowFailure failure) {
      synchronized (at) {
        frame.cursor(at.failure >= 0 ? at.failure : at.lastInner);
      }
      if (distributed) {
        ObjectNode details = Json.object();
        details.put("error", failure.error());
        details.put("cause", failure.cause());
        frame.record("MapRunFailed", details);
      }
      frame.stateFailurePending(true);
      throw failure;
    }
    ArrayNode results = Json.NODES.arrayNode();
    for (JsonNode output : outputs) {
      results.add(output == null ? Json.NODES.nullNode() : output);
    }
    if (distributed) {
      frame.record("MapRunSucceeded", null);
    } else {
      frame.cursor(at.lastClosing);
    }
    // The state's exit follows what MapStateSucceeded follows.
    long beforeSucceeded = frame.cursor();
    frame.record("MapStateSucceeded", null);
    frame.cursor(beforeSucceeded);
    return stateOutput(frame, raw, results, results);
  }

  /** Runs one item through the processor, its events linked as {@link Links} says. */
  private JsonNode iteration(
      Frame frame, Links links, JsonNode raw, JsonNode effective, JsonNode list, int index)
      throws InterruptedException {
    ObjectNode mapContext = Json.object();
    ObjectNode item = mapContext.putObject("Item");
    item.put("Index", index);
    item.set("Value", list.get(index));
    Frame itemFrame = distributed ? frame.silentChild(mapContext) : frame.child(mapContext, 0);
    JsonNode itemInput = itemInput(frame, itemFrame, raw, effective, list.get(index));
    if (!distributed) {
      long after;
      synchronized (links) {
        after = links.lastInner;
      }
      itemFrame.cursor(frame.recordAfter("MapIterationStarted", iteration(index), after));
    }
    JsonNode output;
    try {
      output = processor.run(itemFrame, itemInput);
    } catch (FlowFailure failure) {
      closeIteration(frame, links, itemFrame, "MapIterationFailed", index);
      links.failedAt.put(index, itemFrame.cursor());
      throw failure;
    }
    closeIteration(frame, links, itemFrame, "MapIterationSucceeded", index);
    return output;
  }

  private void closeIteration(Frame frame, Links links, Frame itemFrame, String type, int index) {
    if (distributed) {
      return;
    }
    long closing = frame.recordAfter(type, iteration(index), itemFrame.cursor());
    synchronized (links) {
      links.lastInner = itemFrame.cursor();
      links.lastClosing = closing;
    }
  }

  private JsonNode inputPathApplied(Frame frame, JsonNode raw) {
    return super.effectiveInputWithoutParameters(frame, raw);
  }

  private ObjectNode iteration(int index) {
    ObjectNode details = Json.object();
    details.put("index", index);
    details.put("name", name);
    return details;
  }

  private JsonNode itemList(Frame frame, JsonNode effective, Map<String, Object> states) {
    if (items != null) {
      JsonNode value = items.evaluate(frame, states);
      if (!value.isArray()) {
        throw JsonataTemplate.wrongType(items.expressionText(), "Items", "array", value);
      }
      return value;
    }
    JsonNode value;
    if (itemsPath == null) {
      value = effective;
    } else {
      try {
        value = itemsPath.read(effective, frame);
      } catch (JsonPathExpr.NoResult e) {
        throw FlowFailure.runtime("Invalid path '" + itemsPath.text() + "' : " + e.getMessage());
      }
    }
    if (value == null || !value.isArray()) {
      throw new FlowFailure(
          language == QueryLanguage.JSONATA
              ? ErrorNames.QUERY_EVALUATION_ERROR
              : ErrorNames.RUNTIME,
          "Map state input must be an array but was: " + Json.write(value));
    }
    return value;
  }

  private JsonNode itemInput(
      Frame frame, Frame itemFrame, JsonNode raw, JsonNode effective, JsonNode item) {
    if (itemSelectorJsonata != null) {
      Map<String, Object> states = jsonataStates(itemFrame, raw, null, null);
      return itemSelectorJsonata.evaluate(frame, states);
    }
    if (itemSelectorPath != null) {
      return itemSelectorPath.evaluate(effective, itemFrame);
    }
    return item;
  }

  /** MaxConcurrency, at most {@link #INLINE_CONCURRENCY}; 0 (no limit given) means that many. */
  private int maxConcurrency(Frame frame, JsonNode effective, Map<String, Object> states) {
    JsonNode value =
        dynamic(frame, effective, states, maxConcurrency, maxConcurrencyPath, "MaxConcurrency");
    if (value != null
        && (!value.isNumber() || !Values.isIntegral(value) || Values.clampedLong(value) < 0)) {
      throw FlowFailure.runtime(
          "The MaxConcurrencyPath field refers to value \""
              + (value.isTextual() ? value.asText() : Json.write(value))
              + "\" which is not a valid integer: "
              + (maxConcurrencyPath == null ? "MaxConcurrency" : maxConcurrencyPath.text()));
    }
    long limit = value == null ? 0 : Values.clampedLong(value);
    return (int) (limit == 0 ? INLINE_CONCURRENCY : Math.min(limit, INLINE_CONCURRENCY));
  }

  private long toleratedFailures(Frame frame, JsonNode effective, Map<String, Object> states) {
    JsonNode value =
        dynamic(
            frame, effective, states, toleratedCount, toleratedCountPath, "ToleratedFailureCount");
    if (value == null) {
      return 0;
    }
    if (!value.isNumber() || !Values.isIntegral(value)) {
      throw FlowFailure.runtime(
          "The ToleratedFailureCountPath field refers to value \""
              + (value.isTextual() ? value.asText() : Json.write(value))
              + "\" which is not a valid integer: "
              + (toleratedCountPath == null ? "ToleratedFailureCount" : toleratedCountPath.text()));
    }
    long count = Values.clampedLong(value);
    if (count < 0) {
      throw FlowFailure.runtime("ToleratedFailureCount cannot be negative.");
    }
    return count;
  }

  private double toleratedPercentage(Frame frame, JsonNode effective, Map<String, Object> states) {
    JsonNode value =
        dynamic(
            frame,
            effective,
            states,
            toleratedPercentage,
            toleratedPercentagePath,
            "ToleratedFailurePercentage");
    if (value == null) {
      return 0;
    }
    if (!value.isNumber()) {
      throw FlowFailure.runtime(
          "The ToleratedFailurePercentagePath field refers to value \""
              + (value.isTextual() ? value.asText() : Json.write(value))
              + "\" which is not a valid float: "
              + (toleratedPercentagePath == null
                  ? "ToleratedFailurePercentage"
                  : toleratedPercentagePath.text()));
    }
    double percent = value.asDouble();
    if (percent < 0 || percent > 100) {
      throw FlowFailure.runtime("ToleratedFailurePercentage must be between 0 and 100.");
    }
    return percent;
  }

  /** A count given as a numeric string ("1") counts as the number. */
  private static JsonNode numeric(JsonNode value) {
    if (value != null && value.isTextual()) {
      try {
        return Values.normalize(
            Json.NODES.numberNode(new java.math.BigDecimal(value.asText().strip())));
      } catch (NumberFormatException e) {
        return value;
      }
    }
    return value;
  }

  private JsonNode dynamic(
      Frame frame,
      JsonNode effective,
      Map<String, Object> states,
      JsonNode literal,
      JsonPathExpr path,
      String field) {
    if (path != null) {
      try {
        return numeric(path.read(effective, frame));
      } catch (JsonPathExpr.NoResult e) {
        throw FlowFailure.runtime(
            "The " + field + "Path field does not reference an input value: " + path.text());
      }
    }
    if (literal != null && literal.isTextual() && JsonataTemplate.isExpression(literal.asText())) {
      return JsonataTemplate.compile(literal, field, name).evaluate(frame, states);
    }
    return literal;
  }
}
