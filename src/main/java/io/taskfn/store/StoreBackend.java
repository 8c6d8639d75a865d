package io.taskfn.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The small interface every storage backend implements once. Every write is a compare-and-set on
 * the record's version, so two writers that read the same version cannot both win.
 */
public interface StoreBackend extends AutoCloseable {

  Optional<StoredRecord> find(RecordKey key);

  /**
   * Stores a new record with version 1.
   *
   * @throws DuplicateRecordException if a record with that key already exists
   */
  StoredRecord insert(StoredRecord record);

  /**
   * Replaces the stored record whose version equals {@code record.version()} with the given one,
   * and returns it with the next version.
   *
   * @throws VersionConflictException if the record is gone or its version moved on
   */
  StoredRecord replace(StoredRecord record);

  /**
   * Deletes the record if its version is still {@code expectedVersion}.
   *
   * @throws VersionConflictException if the record is gone or its version moved on
   */
  void delete(RecordKey key, long expectedVersion);

  /**
   * Records of a kind and tenant, ordered by id, whose index slot holds {@code value} (every record
   * of the kind when {@code slot} is null), starting after {@code afterId} (from the first when
   * null), at most {@code limit}.
   */
  List<StoredRecord> query(
      String kind, String tenant, IndexSlot slot, String value, String afterId, int limit);

  /**
   * Reserves the next {@code count} values of a named counter (which starts at 1) and returns the
   * last of them: the values {@code last - count + 1 … last} are the caller's alone.
   */
  long reserveSequence(String name, int count);

  /**
   * Claims up to {@code limit} records of a kind whose due time has come and which no live lease
   * holds: a due record with no lease, or one whose lease expired because its owner stopped. Each
   * claim is a compare-and-set, so of several dispatchers racing for one record exactly one gets
   * it. The claimed records come back with their new version and lease.
   */
  List<StoredRecord> claimDue(
      String kind, Instant now, String owner, Instant leaseUntil, int limit);

  /**
   * Pushes back the lease of a record the owner still holds, without changing its version, so the
   * owner's later compare-and-set still applies.
   *
   * @return false if the owner lost the lease (the record changed or another owner holds it)
   */
  boolean extendLease(RecordKey key, long version, String owner, Instant leaseUntil);

  @Override
  void close();
}
