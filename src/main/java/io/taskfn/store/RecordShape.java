package io.taskfn.store;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * What a kind derives from each value it stores: its two index values, which of them the store
 * counts, and when the record may be removed. Derived on every write, so indexes can not drift from
 * the value they describe.
 */
public final class RecordShape<T> {

  private final Function<T, String> index1;
  private final Function<T, String> index2;
  private final Function<T, Instant> expiresAt;
  private final Set<IndexSlot> counted;

  private RecordShape(
      Function<T, String> index1,
      Function<T, String> index2,
      Function<T, Instant> expiresAt,
      Set<IndexSlot> counted) {
    this.index1 = index1;
    this.index2 = index2;
    this.expiresAt = expiresAt;
    this.counted = counted;
  }

  /** No indexes, no expiry. */
  public static <T> RecordShape<T> plain() {
    return new RecordShape<>(v -> null, v -> null, v -> null, EnumSet.noneOf(IndexSlot.class));
  }

  public RecordShape<T> index1(Function<T, String> derive) {
    return new RecordShape<>(derive, index2, expiresAt, counted);
  }

  public RecordShape<T> index2(Function<T, String> derive) {
    return new RecordShape<>(index1, derive, expiresAt, counted);
  }

  /** The time after which a record may be removed; null keeps it. */
  public RecordShape<T> expiresAt(Function<T, Instant> derive) {
    return new RecordShape<>(index1, index2, derive, counted);
  }

  /** Keeps exact counts of the values in these slots, for {@link TypedRepository#count}. */
  public RecordShape<T> counted(IndexSlot first, IndexSlot... more) {
    return new RecordShape<>(index1, index2, expiresAt, EnumSet.of(first, more));
  }

  Set<IndexSlot> countedSlots() {
    return counted;
  }

  StoredRecord apply(StoredRecord record, T value) {
    return record
        .withIndexes(index1.apply(value), index2.apply(value))
        .withExpiresAt(expiresAt.apply(value));
  }
}
