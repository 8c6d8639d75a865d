package io.taskfn.dispatch;

/**
 * How a process without a dispatch loop of its own (a Lambda, which is frozen between invocations)
 * gets the due work it just created started elsewhere, without waiting for the scheduled {@code
 * Dispatch}.
 */
public interface RemoteDispatch {

  /** Asks for a dispatcher to run now; work is already in the store when this is called. */
  void wakeUp();

  RemoteDispatch NONE = () -> {};
}
