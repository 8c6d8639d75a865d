package io.taskfn.api;

/**
 * How one API family shows a rejection to its clients, in its vendor's error shape. Each family
 * provides one as a bean; {@link ErrorEnvelopes} finds it by the family name that {@code
 * functions.yaml} gives the family's functions, so a new family needs no change elsewhere.
 */
public interface ErrorEnvelope {

  /** The family's name in {@code functions.yaml}. */
  String family();

  ErrorResponse render(ApiException e, String requestId);

  /**
   * The rejection of a call to {@code function}: for envelopes that name the action they answer (as
   * vms does); the others leave this as it is.
   */
  default ErrorResponse render(String function, ApiException e, String requestId) {
    return render(e, requestId);
  }

  /** The exception's own vendor code, or the family's usual one for its status. */
  static String codeOr(ApiException e, String familyDefault) {
    return e.vendorCode() != null ? e.vendorCode() : familyDefault;
  }
}
