package io.taskfn.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The plumbing under each family's repositories: one record kind, stored as JSON of one type, with
 * its indexes and expiry derived from the value ({@link RecordShape}). Families add methods in
 * their own language on top (find a job, list a job's instances, …).
 */
public class TypedRepository<T> {

  /** How often a change is read again and re-applied after losing a compare-and-set. */
  static final int MAX_ATTEMPTS = 64;

  private final StoreBackend store;
  private final String kind;
  private final RecordCodec<T> codec;
  private final RecordShape<T> shape;

  public TypedRepository(StoreBackend store, String kind, Class<T> type, RecordShape<T> shape) {
    this.store = store;
    this.kind = kind;
    this.codec = new RecordCodec<>(type);
    this.shape = shape;
    shape.countedSlots().forEach(slot -> store.countIndex(kind, slot));
  }

  public TypedRepository(StoreBackend store, String kind, Class<T> type) {
    this(store, kind, type, RecordShape.plain());
  }

  /** Ids that sort like the numbers they hold, so the store's id order is numeric order. */
  public static String numericId(long id) {
    if (id < 0) {
      return String.format("%019d", id);
    }
    // As String.format("%019d") writes it, without a Formatter on every read.
    String digits = Long.toString(id);
    return "0".repeat(19 - digits.length()) + digits;
  }

  public String kind() {
    return kind;
  }

  public Optional<Versioned<T>> find(String tenant, String id) {
    return store.find(new RecordKey(kind, tenant, id)).map(this::wrap);
  }

  /**
   * Stores a new value, due for the dispatcher at {@code dueAt} (null: not due).
   *
   * @throws DuplicateRecordException if the id is taken
   */
  public Versioned<T> insert(String tenant, String id, T value, Instant dueAt) {
    StoredRecord record =
        encodeInto(StoredRecord.newRecord(kind, tenant, id, "{}"), value).withDueAt(dueAt);
    return new Versioned<>(value, store.insert(record));
  }

  /**
   * Replaces a value read earlier, keeping its lease, with a new due time.
   *
   * @throws VersionConflictException if it changed since it was read
   */
  public Versioned<T> replace(Versioned<T> current, T value, Instant dueAt) {
    StoredRecord next = encodeInto(current.record(), value).withDueAt(dueAt);
    return new Versioned<>(value, store.replace(next));
  }

  /**
   * Applies {@code change} to the stored value and writes the result with the due time {@code
   * dueAt} gives for it; on a lost compare-and-set reads again and re-applies, a bounded number of
   * times. The change may throw to refuse (a rejection the caller sees).
   *
   * @return the written value, or empty if there is no such record
   */
  public Optional<Versioned<T>> update(
      String tenant, String id, UnaryOperator<T> change, Function<T, Instant> dueAt) {
    return update(tenant, id, change, (current, changed) -> dueAt.apply(changed), false);
  }

  /** {@link #update} keeping the record's due time. */
  public Optional<Versioned<T>> update(String tenant, String id, UnaryOperator<T> change) {
    return update(tenant, id, change, (current, changed) -> current.record().dueAt(), false);
  }

  /**
   * {@link #update} that also ends any dispatcher's hold on the record: for a change that makes the
   * work in hand stale (its holder's outcome is then dropped), so that the record is due at {@code
   * dueAt} for any dispatcher rather than once the old lease runs out.
   */
  public Optional<Versioned<T>> updateAndLetGo(
      String tenant, String id, UnaryOperator<T> change, Function<T, Instant> dueAt) {
    return update(tenant, id, change, (current, changed) -> dueAt.apply(changed), true);
  }

  private Optional<Versioned<T>> update(
      String tenant,
      String id,
      UnaryOperator<T> change,
      BiFunction<Versioned<T>, T, Instant> dueAt,
      boolean letGo) {
    for (int attempt = 1; ; attempt++) {
      Optional<Versioned<T>> current = find(tenant, id);
      if (current.isEmpty()) {
        return current;
      }
      Versioned<T> read =
          letGo
              ? new Versioned<>(current.get().value(), current.get().record().withoutLease())
              : current.get();
      T changed = change.apply(read.value());
      try {
        return Optional.of(replace(read, changed, dueAt.apply(read, changed)));
      } catch (VersionConflictException raced) {
        giveUpAfter(attempt, raced);
      }
    }
  }

  /**
   * {@link #update} of the record, or, when there is none, an insert of {@code change} applied to
   * {@code absent}; a record inserted by another writer meanwhile is updated instead.
   */
  public Versioned<T> upsert(String tenant, String id, T absent, UnaryOperator<T> change) {
    Optional<Versioned<T>> updated = update(tenant, id, change);
    if (updated.isPresent()) {
      return updated.get();
    }
    try {
      return insert(tenant, id, change.apply(absent), null);
    } catch (DuplicateRecordException raced) {
      return update(tenant, id, change).orElseThrow(() -> raced);
    }
  }

  /**
   * Deletes the record after {@code check} accepted its current value (it throws to refuse),
   * re-reading on a lost compare-and-set.
   *
   * @return false if there was no such record
   */
  public boolean delete(String tenant, String id, Consumer<T> check) {
    for (int attempt = 1; ; attempt++) {
      Optional<Versioned<T>> current = find(tenant, id);
      if (current.isEmpty()) {
        return false;
      }
      check.accept(current.get().value());
      try {
        store.delete(current.get().record().key(), current.get().record().version());
        return true;
      } catch (VersionConflictException raced) {
        giveUpAfter(attempt, raced);
      }
    }
  }

  private static void giveUpAfter(int attempt, VersionConflictException raced) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new StoreException(
          "gave up after " + attempt + " concurrent changes of " + raced.key(), raced);
    }
    Thread.onSpinWait();
  }

  /** One page of records of this kind. */
  public List<Versioned<T>> scan(Scan scan) {
    return store.scan(scan).stream().map(this::wrap).toList();
  }

  /** How many records hold {@code value} in a slot the shape counts. */
  public long count(String tenant, IndexSlot slot, String value) {
    return store.count(kind, tenant, slot, value);
  }

  public T decode(StoredRecord record) {
    return codec.decode(record);
  }

  /** The record as it would be stored with this value: its data, indexes and expiry. */
  public StoredRecord encodeInto(StoredRecord record, T value) {
    return shape.apply(record.withData(codec.encode(value)), value);
  }

  private Versioned<T> wrap(StoredRecord record) {
    return new Versioned<>(codec.decode(record), record);
  }
}
