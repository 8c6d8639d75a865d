package io.taskfn.mail;

import io.taskfn.api.Transitions;

/**
 * Where a run of a mail task is. The vendor's {@code PROCESSING}, {@code SENT} and {@code FAILED},
 * and taskfn's {@code SKIPPED}: the data was empty and the task says to send nothing then.
 */
public enum RunStatus {
  PROCESSING,
  SENT,
  FAILED,
  SKIPPED;

  public static final Transitions<RunStatus> TRANSITIONS =
      Transitions.of(RunStatus.class, "mail task run", Enum::name)
          // PROCESSING -> PROCESSING: its messages were handed over, it waits for their outcome.
          .allow(PROCESSING, PROCESSING, SENT, FAILED, SKIPPED)
          .allow(SENT)
          .allow(FAILED)
          .allow(SKIPPED)
          .build();

  public boolean isFinal() {
    return this != PROCESSING;
  }
}
