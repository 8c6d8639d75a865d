package io.taskfn.flow;

import io.taskfn.api.BadInputException;

/** How a flow's executions run: Express synchronously, Standard in the background. */
public enum ExecutionMode {
  Express,
  Standard;

  static ExecutionMode parse(String value) {
    if (value == null) {
      return Standard;
    }
    for (ExecutionMode mode : values()) {
      if (mode.name().equals(value)) {
        return mode;
      }
    }
    throw new BadInputException(
        "InvalidArgument",
        "ExecutionMode",
        "The parameter ExecutionMode must be Express or Standard, not " + value + ".");
  }
}
