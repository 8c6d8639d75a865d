package io.taskfn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStoreBackendTest extends StoreBackendContract {

  @TempDir Path directory;

  @Override
  protected StoreBackend open() {
    return EmbeddedStoreBackend.open(directory);
  }

  @Test
  void keepsRecordsAndCountersAcrossAReopen() {
    StoredRecord stored = store.insert(record("thing", "a", "{\"kept\":true}").withDueAt(T0));
    long counter = store.reserveSequence("s", 1);
    store.close();
    store = open();
    assertEquals(stored, store.find(stored.key()).orElseThrow());
    assertEquals(counter + 1, store.reserveSequence("s", 1));
  }
}
