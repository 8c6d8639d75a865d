package io.taskfn.api;

/** A request parameter is missing, of the wrong type or breaks a rule: always a 400. */
public class BadInputException extends ApiException {

  public BadInputException(String vendorCode, String parameter, String message) {
    super(400, vendorCode, message, parameter);
  }

  /** A rejection in the family's usual code for bad input. */
  public static BadInputException of(String parameter, String message) {
    return new BadInputException(null, parameter, message);
  }

  public static BadInputException missing(String parameter) {
    return of(parameter, "The parameter " + parameter + " is required.");
  }
}
