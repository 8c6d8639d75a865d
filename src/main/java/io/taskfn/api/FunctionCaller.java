package io.taskfn.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Calls a function of this service by name, as a client would but in process: how a family calls
 * another family's functions (a flow's Task state) without depending on it or on the triggers.
 */
public interface FunctionCaller {

  boolean exists(String name);

  /**
   * The function's answer as JSON. The request is read as the function's input type; what the
   * function throws comes out as it was thrown (an {@link ApiException} for a rejection).
   */
  JsonNode invoke(String name, JsonNode request);
}
