package io.taskfn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

  @Test
  void aCheckpointOffTheWritePathCopiesEveryCommittedPageOfTheLog() throws Exception {
    for (int i = 0; i < 50; i++) {
      store.insert(record("thing", "r" + i, "{\"n\":" + i + "}"));
    }
    EmbeddedStoreBackend.Checkpoint checkpoint = ((EmbeddedStoreBackend) store).checkpoint();
    assertTrue(checkpoint.logged() > 0, "the log held the inserts: " + checkpoint);
    assertEquals(checkpoint.logged(), checkpoint.copied());
    store.close();
    store = open();
    assertEquals("{\"n\":49}", store.find(record("thing", "r49", "{}").key()).orElseThrow().data());
  }
}
