package io.taskfn.store;

/** An insert met an existing record with the same key. */
public class DuplicateRecordException extends StoreException {
  private final RecordKey key;

  public DuplicateRecordException(RecordKey key) {
    super("record already exists: " + key);
    this.key = key;
  }

  public RecordKey key() {
    return key;
  }
}
