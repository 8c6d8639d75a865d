package io.taskfn.mail;

import io.taskfn.api.ApiException;

/**
 * The Quick BI rejections, with the codes and wordings of the vendor's error table ({@code %s}
 * filled in). The vendor answers every one with HTTP 400.
 */
final class QuickBiErrors {
  private QuickBiErrors() {}

  static final String INTERNAL = "Internal.System.Error";
  static final String INVALID_PARAMETER = "Invalid.Parameter";
  static final String INVALID_PARAMETER_ERROR = "Invalid.Parameter.Error";

  private static ApiException of(String code, String message, String target) {
    return new ApiException(400, code, message, target);
  }

  static ApiException internal() {
    return of(INTERNAL, "An internal system error occurred.", null);
  }

  static ApiException forbidden() {
    return of("Mail.Forbidden.Access", "Forbidden Access On This Operation.", null);
  }

  static ApiException mailNotFound() {
    return of("Mail.Not.Found", "The Subscription Task Does Not Exist.", "MailId");
  }

  static ApiException mailIdNull() {
    return of("MailId.Is.Null", "The Mail Id Is Null.", "MailId");
  }

  static ApiException alreadyRunning() {
    return of("MailTask.Already.Running", "The Mail Task Is Already Running.", "MailId");
  }

  static ApiException beyondScheduleLimit(long minutes) {
    return of(
        "MailApi.Beyond.ScheduleLimit",
        "Mail Subscription Openapi Requests Are Frequent. Please Try Again In "
            + minutes
            + " Minutes.",
        "MailId");
  }

  static ApiException timerScheduleTask() {
    return of("Timer.Schedule.Task", "An error occurred during timer task scheduling.", null);
  }

  static ApiException instanceExpired() {
    return of("Instance.Expired", "Your instance has expired.", null);
  }

  static ApiException instanceNotExist() {
    return of("Instance.Not.Exist", "The specified instance does not exist.", null);
  }

  static ApiException invalidOrganization() {
    return of(
        "Invalid.Organization",
        "The specified organizational unit does not exist.",
        MailRequests.CALLER_ORGANIZATION);
  }

  static ApiException userNotInOrganization(String parameter) {
    return of(
        "User.Not.In.Organization",
        "The specified user is not in the organizational unit.",
        parameter);
  }

  static ApiException apiUserNotExists(String parameter) {
    return of("ApiUser.Not.Exists", "The specified user does not exist.", parameter);
  }

  static ApiException notApiCallAuthUser() {
    return of(
        "Not.ApiCall.AuthUser",
        "You are not an administrator or API call auth user of this organization.",
        MailRequests.CALLER_USER);
  }

  static ApiException notAdmin() {
    return of("Invalid.User.Admin", "You are not an administrator of this organization.", null);
  }

  static ApiException accessForbidden() {
    return of(
        "Access.Forbidden",
        "Your instance version or access key is not allowed to call the API operation, only"
            + " professional version supports calling.",
        null);
  }

  static ApiException objectNotExist(String parameter) {
    return of(
        "Application.Object.NotExist",
        "The object you are operating does not exist or has been deleted.",
        parameter);
  }

  /** {@code System.Param.Empty}: "You must specify the %s parameter." */
  static ApiException missing(String parameter) {
    return of("System.Param.Empty", "You must specify the " + parameter + " parameter.", parameter);
  }

  /** {@code Invalid.Parameter.Error}: "The parameter is invalid:%s.", with the rule broken. */
  static ApiException invalid(String parameter, String rule) {
    return of(
        INVALID_PARAMETER_ERROR,
        "The parameter is invalid:" + parameter + " " + rule + ".",
        parameter);
  }
}
