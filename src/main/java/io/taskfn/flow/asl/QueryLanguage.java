package io.taskfn.flow.asl;

/** The two query languages a state's fields may be written in. */
public enum QueryLanguage {
  JSONPATH,
  JSONATA;

  static QueryLanguage parse(String value, String location) {
    return switch (value) {
      case "JSONPath" -> JSONPATH;
      case "JSONata" -> JSONATA;
      default ->
          throw new AslDefinitionException(
              location, "QueryLanguage must be JSONPath or JSONata, not " + value);
    };
  }
}
