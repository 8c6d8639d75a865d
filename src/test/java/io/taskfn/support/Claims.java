package io.taskfn.support;

import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoredRecord;
import java.time.Instant;
import java.util.List;

/** Claims due records the way a dispatcher does, for tests that play a dispatcher. */
public final class Claims {
  private Claims() {}

  public static List<StoredRecord> claimDue(
      StoreBackend store, String kind, Instant now, String owner, Instant leaseUntil, int limit) {
    return store.claimDue(kind, owner, now, leaseUntil, limit);
  }
}
