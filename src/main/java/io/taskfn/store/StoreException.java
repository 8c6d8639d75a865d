package io.taskfn.store;

/** A failure of the storage layer that the caller can not repair by retrying the same write. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
