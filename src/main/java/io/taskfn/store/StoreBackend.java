package io.taskfn.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The small interface every storage backend implements once. Every write is a compare-and-set on
 * the record's version, so two writers that read the same version cannot both win. Once a write
 * method returns, what it wrote survives a crash of the process.
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

  /** One page of a listing, read through the index the scan names; see {@link Scan}. */
  List<StoredRecord> scan(Scan scan);

  /**
   * Asks the backend to keep count of the values in an index slot of a kind, for {@link #count}.
   * Declared once at start, before the kind's first write: records written before are not counted.
   */
  void countIndex(String kind, IndexSlot slot);

  /**
   * How many records of a kind and tenant hold exactly {@code value} in a counted index slot: an
   * exact count the backend keeps as records are written, so its cost does not grow with the
   * records.
   *
   * @throws IllegalStateException if the slot is not counted
   */
  long count(String kind, String tenant, IndexSlot slot, String value);

  /**
   * Reserves the next {@code count} values of a named counter (which starts at 1) and returns the
   * last of them: the values {@code last - count + 1 … last} are the caller's alone.
   */
  long reserveSequence(String name, int count);

  /**
   * Up to {@code limit} records of a kind whose due time has come and which no live lease holds (a
   * due record with no lease, or one whose lease expired because its owner stopped), earliest due
   * first. Nothing is claimed: see {@link #claim}.
   */
  List<StoredRecord> findDue(String kind, Instant now, int limit);

  /**
   * Takes a lease on a record found due, if it is still at the version read and no live lease holds
   * it: a compare-and-set, so of several dispatchers racing for one record exactly one gets it.
   *
   * @return the record with its new version and lease, or empty if another claimed or changed it
   */
  Optional<StoredRecord> claim(StoredRecord due, String owner, Instant now, Instant leaseUntil);

  /**
   * Claims up to {@code limit} due records of a kind, earliest due first, for {@code owner}: what
   * {@link #findDue} and {@link #claim} do together, in one step where the backend can (PostgreSQL
   * locks the due rows it takes and skips the ones other dispatchers hold, so racing dispatchers
   * take different rows rather than fight over the first ones).
   *
   * @return the records this owner now leases, each with its new version
   */
  default List<StoredRecord> claimDue(
      String kind, String owner, Instant now, Instant leaseUntil, int limit) {
    return findDue(kind, now, limit).stream()
        .map(due -> claim(due, owner, now, leaseUntil))
        .flatMap(Optional::stream)
        .toList();
  }

  /**
   * Pushes back the lease of a record the owner still holds, without changing its version, so the
   * owner's later compare-and-set still applies.
   *
   * @return false if the owner lost the lease (the record changed or another owner holds it)
   */
  boolean extendLease(RecordKey key, long version, String owner, Instant leaseUntil);

  /**
   * Removes up to {@code limit} records whose expiry time is at or before {@code now}, oldest
   * expiry first.
   *
   * @return how many were removed
   */
  int deleteExpired(Instant now, int limit);

  @Override
  void close();
}
