package io.taskfn.mail;

import io.taskfn.store.RecordKey;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreException;
import io.taskfn.store.StoredRecord;
import io.taskfn.support.ForwardingStore;
import java.util.Optional;

/**
 * A store that refuses, when told to, every insert of one record kind (as a database that is down
 * or full would), or every read, and otherwise passes everything on.
 */
final class RefusingStore extends ForwardingStore {

  private volatile String refusedKind;
  private volatile boolean readsFail;
  private volatile String beforeReplaceKind;
  private volatile Runnable beforeReplace;

  RefusingStore(StoreBackend store) {
    super(store);
  }

  void refuseInsertsOf(String kind) {
    refusedKind = kind;
  }

  /** From now on every read fails, as reads of a lost disk do. */
  void failReads() {
    readsFail = true;
  }

  @Override
  public Optional<StoredRecord> find(RecordKey key) {
    if (readsFail) {
      throw new StoreException("the store could not read " + key);
    }
    return super.find(key);
  }

  /** Runs {@code hook} once, just before the next replace of a record of {@code kind}. */
  void onceBeforeReplaceOf(String kind, Runnable hook) {
    beforeReplaceKind = kind;
    beforeReplace = hook;
  }

  @Override
  public StoredRecord replace(StoredRecord record) {
    Runnable hook = beforeReplace;
    if (hook != null && record.kind().equals(beforeReplaceKind)) {
      beforeReplace = null;
      hook.run();
    }
    return super.replace(record);
  }

  @Override
  public StoredRecord insert(StoredRecord record) {
    if (record.kind().equals(refusedKind)) {
      throw new StoreException("the store refused an insert of " + record.kind());
    }
    return super.insert(record);
  }
}
