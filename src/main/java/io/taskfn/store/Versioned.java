package io.taskfn.store;

/** A typed value together with the stored record it was read from, for compare-and-set. */
public record Versioned<T>(T value, StoredRecord record) {}
