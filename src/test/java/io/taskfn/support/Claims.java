package io.taskfn.support;

import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoredRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Claims due records the way a dispatcher does, for tests that play a dispatcher. */
public final class Claims {
  private Claims() {}

  public static List<StoredRecord> claimDue(
      StoreBackend store, String kind, Instant now, String owner, Instant leaseUntil, int limit) {
    return store.findDue(kind, now, limit).stream()
        .map(due -> store.claim(due, owner, now, leaseUntil))
        .flatMap(Optional::stream)
        .toList();
  }
}
