package io.taskfn.calltask;

import io.taskfn.api.ApiException;

/** The vms rejections, with the codes and wordings of the vendor's error table. */
final class VmsErrors {
  private VmsErrors() {}

  static final String MISSING_PARAMETER = "MissingParameter";
  static final String INVALID_PARAMETER = "InvalidParameter";
  static final String OPERATION_DENIED = "OperationDenied";
  static final String QUOTA_EXCEEDED = "QuotaExceeded";
  static final String IDEMPOTENT_PARAMETER_MISMATCH = "IdempotentParameterMismatch";
  static final String DRY_RUN_OPERATION = "DryRunOperation";
  static final String MISSING_ACTION = "MissingAction";
  static final String INVALID_ACTION = "InvalidAction";
  static final String INTERNAL_ERROR = "InternalError";
  static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

  static ApiException missing(String parameter) {
    return new ApiException(
        400, MISSING_PARAMETER, "The required parameter " + parameter + " is missing.", parameter);
  }

  /** The vendor's sentence, then the rule the value broke. */
  static ApiException invalid(String parameter, String rule) {
    return new ApiException(
        400,
        INVALID_PARAMETER,
        "The specified parameter " + parameter + " is invalid: " + rule + ".",
        parameter);
  }

  static ApiException denied(String why) {
    return new ApiException(
        400,
        OPERATION_DENIED,
        "Operation is denied because the specified resource is in use: " + why + ".",
        null);
  }

  static ApiException quotaExceeded(String what, String detail) {
    return new ApiException(
        400, QUOTA_EXCEEDED, what + " has exceeded the quota: " + detail + ".", what);
  }

  static ApiException parameterMismatch() {
    return new ApiException(
        400,
        IDEMPOTENT_PARAMETER_MISMATCH,
        "Parameters mismatch the previous request with a same ClientToken.",
        "ClientToken");
  }

  static ApiException dryRun() {
    return new ApiException(
        400, DRY_RUN_OPERATION, "The request is validated by a dryrun operation.", "DryRun");
  }

  static ApiException missingAction() {
    return new ApiException(400, MISSING_ACTION, "The request is missing an action.", "Action");
  }

  static ApiException invalidAction(String action) {
    return new ApiException(
        400,
        INVALID_ACTION,
        "The specified action is invalid: " + action + " is not a vms action of this service.",
        "Action");
  }

  static ApiException internal() {
    return new ApiException(
        500, INTERNAL_ERROR, "The request has failed due to an unknown error.", null);
  }

  static ApiException unavailable() {
    return new ApiException(
        503,
        SERVICE_UNAVAILABLE,
        "The request has failed due to a temporary failure of the server.",
        null);
  }
}
