package io.taskfn.flow.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** What an expression can see besides its input: the context object and workflow variables. */
public interface Bindings {

  /** The context object, {@code $$} in JSONPath and {@code $states.context} in JSONata. */
  JsonNode contextObject();

  /** The value of a workflow variable, or null when no such variable is in scope. */
  JsonNode variable(String name);
}
