package io.taskfn.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract holds with the log synced at every commit, too. */
class EmbeddedPowerLossStoreBackendTest extends StoreBackendContract {

  @TempDir Path directory;

  @Override
  protected StoreBackend open() {
    return EmbeddedStoreBackend.open(directory, EmbeddedStoreBackend.Durability.POWER_LOSS);
  }
}
