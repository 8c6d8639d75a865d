package io.taskfn.flow;

import io.taskfn.api.BadInputException;
import io.taskfn.api.Echo;

/** How a flow's executions run: Express synchronously, Standard in the background. */
public enum ExecutionMode {
  Express,
  Standard;

  static ExecutionMode parse(String value) {
    // The vendor takes an empty mode for its default, Standard.
    if (value == null || value.isEmpty()) {
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
        "The parameter ExecutionMode must be Express or Standard (or empty for Standard), not "
            + Echo.of(value)
            + ".");
  }
}
