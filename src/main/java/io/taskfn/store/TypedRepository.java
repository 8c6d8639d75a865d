package io.taskfn.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The plumbing under each family's repositories: one record kind, stored as JSON of one type.
 * Families add methods in their own language on top (find a job, list a job's instances, …).
 */
public class TypedRepository<T> {

  private final StoreBackend store;
  private final String kind;
  private final RecordCodec<T> codec;

  public TypedRepository(StoreBackend store, String kind, Class<T> type) {
    this.store = store;
    this.kind = kind;
    this.codec = new RecordCodec<>(type);
  }

  /** Ids that sort like the numbers they hold, so the store's id order is numeric order. */
  public static String numericId(long id) {
    return String.format("%019d", id);
  }

  public String kind() {
    return kind;
  }

  public StoreBackend store() {
    return store;
  }

  public Optional<Versioned<T>> find(String tenant, String id) {
    return store.find(new RecordKey(kind, tenant, id)).map(this::wrap);
  }

  /**
   * Stores a new value.
   *
   * @throws DuplicateRecordException if the id is taken
   */
  public Versioned<T> insert(
      String tenant, String id, T value, String index1, String index2, Instant dueAt) {
    StoredRecord record =
        StoredRecord.newRecord(kind, tenant, id, codec.encode(value))
            .withIndexes(index1, index2)
            .withDueAt(dueAt);
    return new Versioned<>(value, store.insert(record));
  }

  /**
   * Replaces a value read earlier, keeping its indexes and lease, with a new due time.
   *
   * @throws VersionConflictException if it changed since it was read
   */
  public Versioned<T> replace(Versioned<T> current, T value, Instant dueAt) {
    StoredRecord next = current.record().withData(codec.encode(value)).withDueAt(dueAt);
    return new Versioned<>(value, store.replace(next));
  }

  public void delete(Versioned<T> current) {
    store.delete(current.record().key(), current.record().version());
  }

  public List<Versioned<T>> query(
      String tenant, IndexSlot slot, String value, String afterId, int limit) {
    return store.query(kind, tenant, slot, value, afterId, limit).stream().map(this::wrap).toList();
  }

  public T decode(StoredRecord record) {
    return codec.decode(record);
  }

  /** The record as it would be stored with this value, for writes through a dispatcher lease. */
  public StoredRecord encodeInto(StoredRecord record, T value) {
    return record.withData(codec.encode(value));
  }

  private Versioned<T> wrap(StoredRecord record) {
    return new Versioned<>(codec.decode(record), record);
  }
}
