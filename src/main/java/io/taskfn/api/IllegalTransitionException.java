package io.taskfn.api;

/**
 * A record was asked to move to a status its current one does not allow (see {@link Transitions}):
 * a 400 naming the record, where it is and where it was asked to go.
 */
public class IllegalTransitionException extends ConflictException {

  private final Enum<?> from;
  private final Enum<?> to;

  public IllegalTransitionException(String recordId, Enum<?> from, Enum<?> to, String message) {
    super(400, null, recordId, message);
    this.from = from;
    this.to = to;
  }

  public String recordId() {
    return resourceId();
  }

  public Enum<?> from() {
    return from;
  }

  public Enum<?> to() {
    return to;
  }
}
