package io.taskfn.store;

/** A compare-and-set lost: the record is gone, or another writer changed it first. */
public class VersionConflictException extends StoreException {
  private final RecordKey key;

  public VersionConflictException(RecordKey key, long expectedVersion) {
    super("record " + key + " is no longer at version " + expectedVersion);
    this.key = key;
  }

  public RecordKey key() {
    return key;
  }
}
