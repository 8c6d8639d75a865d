package io.taskfn.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One record of the store: a JSON document of some kind, keyed by (tenant, id), with the version
 * used for compare-and-set, two secondary index values, the fields the dispatcher needs (due time
 * and lease) and the time after which the record may be removed (retention).
 *
 * <p>The two index slots mirror the GSI1/GSI2 of a single-table DynamoDB design: each kind decides
 * what it stores in them (for example "the job this instance belongs to"), and the expiry its TTL.
 */
public record StoredRecord(
    String kind,
    String tenant,
    String id,
    long version,
    String data,
    String index1,
    String index2,
    Instant dueAt,
    String leaseOwner,
    Instant leaseUntil,
    Instant expiresAt) {

  public StoredRecord {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(data, "data");
  }

  /** A record not yet stored; {@link StoreBackend#insert} gives it version 1. */
  public static StoredRecord newRecord(String kind, String tenant, String id, String data) {
    return new StoredRecord(kind, tenant, id, 0, data, null, null, null, null, null, null);
  }

  public RecordKey key() {
    return new RecordKey(kind, tenant, id);
  }

  /** The index value in {@code slot}. */
  public String index(IndexSlot slot) {
    return slot == IndexSlot.INDEX1 ? index1 : index2;
  }

  public StoredRecord withData(String newData) {
    return new StoredRecord(
        kind,
        tenant,
        id,
        version,
        newData,
        index1,
        index2,
        dueAt,
        leaseOwner,
        leaseUntil,
        expiresAt);
  }

  public StoredRecord withIndexes(String newIndex1, String newIndex2) {
    return new StoredRecord(
        kind,
        tenant,
        id,
        version,
        data,
        newIndex1,
        newIndex2,
        dueAt,
        leaseOwner,
        leaseUntil,
        expiresAt);
  }

  public StoredRecord withDueAt(Instant newDueAt) {
    return new StoredRecord(
        kind,
        tenant,
        id,
        version,
        data,
        index1,
        index2,
        newDueAt,
        leaseOwner,
        leaseUntil,
        expiresAt);
  }

  public StoredRecord withVersion(long newVersion) {
    return new StoredRecord(
        kind,
        tenant,
        id,
        newVersion,
        data,
        index1,
        index2,
        dueAt,
        leaseOwner,
        leaseUntil,
        expiresAt);
  }

  public StoredRecord withLease(String owner, Instant until) {
    return new StoredRecord(
        kind, tenant, id, version, data, index1, index2, dueAt, owner, until, expiresAt);
  }

  public StoredRecord withoutLease() {
    return withLease(null, null);
  }

  public StoredRecord withExpiresAt(Instant newExpiresAt) {
    return new StoredRecord(
        kind,
        tenant,
        id,
        version,
        data,
        index1,
        index2,
        dueAt,
        leaseOwner,
        leaseUntil,
        newExpiresAt);
  }
}
