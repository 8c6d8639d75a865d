package io.taskfn.store;

/** The primary key of a record: its kind, the tenant that owns it and its id within both. */
public record RecordKey(String kind, String tenant, String id) {}
