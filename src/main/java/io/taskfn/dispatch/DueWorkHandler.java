package io.taskfn.dispatch;

/**
 * Runs one kind of due record (a job instance, a scheduled job's next fire, …). The dispatcher has
 * claimed the record; the handler does the work and writes the outcome through the {@link Lease},
 * releasing it. A handler may run more than once for the same work if its server dies after the
 * work and before the outcome is written (at-least-once).
 */
public interface DueWorkHandler {

  /** The record kind this handler runs. */
  String kind();

  void run(Lease lease) throws Exception;
}
