package io.taskfn.store;

/** Which of a record's two secondary index values a query reads. */
public enum IndexSlot {
  INDEX1,
  INDEX2
}
