package io.taskfn.flow;

import io.taskfn.api.ApiException;
import io.taskfn.api.BadInputException;
import io.taskfn.api.ConflictException;
import io.taskfn.api.Echo;
import io.taskfn.api.NotFoundException;

/** The flows family's rejections, with the codes and wording of the vendor's table. */
final class FlowErrors {
  private FlowErrors() {}

  static NotFoundException flowNotExists(String name) {
    return new NotFoundException(
        "FlowNotExists", name, "Flow " + Echo.of(name) + " does not exist.");
  }

  static NotFoundException executionNotExists(String flow, String name) {
    return new NotFoundException(
        "ExecutionNotExists",
        name,
        "Execution " + Echo.of(name) + " for flow " + Echo.of(flow) + " does not exist.");
  }

  static NotFoundException scheduleNotExists(String flow, String name) {
    return new NotFoundException(
        "ScheduleNotExists",
        name,
        "The schedule " + Echo.of(name) + " for flow " + Echo.of(flow) + " does not exist.");
  }

  static ConflictException scheduleAlreadyExists(String flow, String name) {
    return new ConflictException(
        409,
        "ScheduleAlreadyExists",
        name,
        "The schedule " + Echo.of(name) + " for flow " + Echo.of(flow) + " already exists.");
  }

  static ConflictException flowAlreadyExists(String name) {
    return new ConflictException(
        409, "FlowAlreadyExists", name, "Flow " + Echo.of(name) + " already exists.");
  }

  static ConflictException executionAlreadyExists(String flow, String name) {
    return new ConflictException(
        400,
        "ExecutionAlreadyExists",
        name,
        "Execution " + Echo.of(name) + " for flow " + Echo.of(flow) + " already exists.");
  }

  static ConflictException taskAlreadyCompleted(String token) {
    return new ConflictException(
        400, "TaskAlreadyCompleted", token, "Task " + Echo.of(token) + " has already completed.");
  }

  static BadInputException noSuchTask(String token) {
    return noSuchTask("TaskToken", token);
  }

  static BadInputException noSuchTask(String parameter, String token) {
    return invalid(
        parameter,
        "The parameter "
            + parameter
            + " names no task that waits for a report: "
            + Echo.of(token)
            + " (tokens are kept a retention age after their task would time out).");
  }

  static BadInputException invalid(String parameter, String message) {
    return new BadInputException("InvalidArgument", parameter, message);
  }

  static BadInputException missing(String parameter) {
    return new BadInputException(
        "MissingRequiredParams",
        parameter,
        "The HTTP query '" + parameter + "' must be specified.");
  }

  static BadInputException tooLarge(String parameter, int limit) {
    return new BadInputException(
        "EntityTooLarge",
        parameter,
        "The payload size exceeds maximum allowed size (" + limit + " bytes).");
  }

  static ApiException standardNotSupported() {
    return new ApiException(400, "ActionNotSupported", "Standard execution is not supported", null);
  }
}
