package io.taskfn.support;

import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoredRecord;
import java.util.concurrent.atomic.AtomicLong;

/** A store that counts what is written through it: records and characters of their data. */
public final class CountingStore extends ForwardingStore {

  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong writtenChars = new AtomicLong();

  public CountingStore(StoreBackend store) {
    super(store);
  }

  public long writes() {
    return writes.get();
  }

  public long writtenChars() {
    return writtenChars.get();
  }

  private StoredRecord counted(StoredRecord record) {
    writes.incrementAndGet();
    writtenChars.addAndGet(record.data() == null ? 0 : record.data().length());
    return record;
  }

  @Override
  public StoredRecord insert(StoredRecord record) {
    return super.insert(counted(record));
  }

  @Override
  public StoredRecord replace(StoredRecord record) {
    return super.replace(counted(record));
  }
}
