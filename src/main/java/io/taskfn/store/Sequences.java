package io.taskfn.store;

import java.util.HashMap;
import java.util.Map;

/**
 * Numeric ids from the store's counters, reserved a block at a time so that most ids cost no write
 * and concurrent callers do not queue on one counter row. Ids are unique across every process
 * sharing the store and increase within one; the unused rest of a block is skipped when the process
 * stops.
 */
public final class Sequences {

  private record Block(long next, long last) {}

  private final StoreBackend store;
  private final int blockSize;
  private final Map<String, Block> blocks = new HashMap<>();

  public Sequences(StoreBackend store, int blockSize) {
    this.store = store;
    this.blockSize = blockSize;
  }

  public synchronized long next(String name) {
    Block block = blocks.get(name);
    if (block == null || block.next() > block.last()) {
      long last = store.reserveSequence(name, blockSize);
      block = new Block(last - blockSize + 1, last);
    }
    blocks.put(name, new Block(block.next() + 1, block.last()));
    return block.next();
  }
}
