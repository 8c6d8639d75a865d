package io.taskfn.support;

import java.lang.management.ManagementFactory;

/**
 * The bytes allocated so far by the live threads (HotSpot's per-thread counters): what a piece of
 * work allocated is the difference, as long as the threads that did it are still alive.
 */
public final class Allocations {
  private Allocations() {}

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  public static long total() {
    long sum = 0;
    for (long bytes : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
      sum += Math.max(0, bytes);
    }
    return sum;
  }
}
