package io.taskfn.flow.asl;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Parser;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

/**
 * What one evaluation of a JSONata expression may cost. It is checked as the expression runs,
 * through the evaluator's entry and exit hooks: the run's deadline and stop, how deep evaluation
 * nests, how many steps it takes, how many bytes its thread allocates, and how large each value it
 * makes is. Past a limit the evaluation ends with {@link LimitReached}.
 */
final class ExpressionLimits implements Jsonata.EntryCallback, Jsonata.ExitCallback {

  /**
   * How deep evaluation nests (each step of an expression inside another, each call of a function).
   * Far below what a flow thread's stack holds, so that a recursion that never ends is an error,
   * not a StackOverflowError.
   */
  static final int MAX_DEPTH = 300;

  /** How many evaluation steps one expression takes: about a second of work. */
  static final long MAX_STEPS = 5_000_000;

  /** How many bytes one evaluation allocates, garbage included. */
  static final long MAX_ALLOCATED_BYTES = 64L << 20;

  /** A longer string can not be part of any payload (256 KiB). */
  static final int MAX_STRING_CHARS = ExecutionRun.MAX_PAYLOAD_BYTES;

  /** An array or object with more members can not be part of any payload: each takes 2 bytes. */
  static final int MAX_MEMBERS = ExecutionRun.MAX_PAYLOAD_BYTES / 2;

  /** How often (in steps) the run's stop and deadline and the thread's allocation are read. */
  private static final int CHECK_EVERY = 16;

  private static final com.sun.management.ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
              && t.isThreadAllocatedMemorySupported()
          ? t
          : null;

  /** An expression went past one of the limits; {@code what} says which, for the error's cause. */
  static final class LimitReached extends RuntimeException {
    private final boolean data;

    private LimitReached(String what, boolean data) {
      super(what, null, false, false);
      this.data = data;
    }

    /** Whether a value grew too large (States.DataLimitExceeded) rather than the work too long. */
    boolean data() {
      return data;
    }
  }

  static LimitReached tooLarge(String what) {
    return new LimitReached(what, true);
  }

  static LimitReached tooCostly(String what) {
    return new LimitReached(what, false);
  }

  private final ExecutionRun run;
  private final long allocatedAtStart;
  private int depth;
  private long steps;

  private ExpressionLimits(ExecutionRun run) {
    this.run = run;
    this.allocatedAtStart = allocated();
  }

  /** Binds fresh limits for one evaluation in the run into {@code frame}. */
  static void bind(Jsonata.Frame frame, ExecutionRun run) {
    ExpressionLimits limits = new ExpressionLimits(run);
    frame.setEvaluateEntryCallback(limits);
    frame.setEvaluateExitCallback(limits);
  }

  private static long allocated() {
    return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
  }

  @Override
  public void callback(Parser.Symbol expression, Object input, Jsonata.Frame environment) {
    if (++depth > MAX_DEPTH) {
      throw tooCostly("nested more than " + MAX_DEPTH + " levels deep");
    }
    if (++steps % CHECK_EVERY == 0) {
      run.checkRunning();
      if (steps > MAX_STEPS) {
        throw tooCostly("took more than " + MAX_STEPS + " evaluation steps");
      }
      long now = allocated();
      if (allocatedAtStart >= 0 && now - allocatedAtStart > MAX_ALLOCATED_BYTES) {
        throw tooCostly("allocated more than " + (MAX_ALLOCATED_BYTES >> 20) + " MiB");
      }
    }
  }

  @Override
  public void callback(
      Parser.Symbol expression, Object input, Jsonata.Frame environment, Object result) {
    depth--;
    checkSize(result);
  }

  /** Fails for a value that could be part of no payload, judged by its top level only. */
  static void checkSize(Object value) {
    if (value instanceof String s && s.length() > MAX_STRING_CHARS) {
      throw tooLarge("made a string of more than " + MAX_STRING_CHARS + " characters");
    }
    if (value instanceof List<?> list && list.size() > MAX_MEMBERS) {
      throw tooLarge("made an array of more than " + MAX_MEMBERS + " items");
    }
    if (value instanceof Map<?, ?> map && map.size() > MAX_MEMBERS) {
      throw tooLarge("made an object of more than " + MAX_MEMBERS + " fields");
    }
  }
}
