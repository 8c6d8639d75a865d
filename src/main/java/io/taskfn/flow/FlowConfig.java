package io.taskfn.flow;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the flows family: the threads its runs use, and the bounds of Standard runs. */
@ConfigMapping(prefix = "taskfn.flow")
public interface FlowConfig {

  /**
   * How many executions run at once in this process (synchronous ones, flow jobs and Standard ones
   * alike); more wait for a thread, within their own time bound. Flows called by a flow run in
   * their caller's thread.
   */
  @WithDefault("64")
  int runThreads();

  /**
   * How many threads Map iterations and Parallel branches that call tasks may borrow, all runs
   * together. When none is free, a Map or Parallel state runs its branches one after the other in
   * its own thread: slower, never stuck.
   */
  @WithDefault("64")
  int branchThreads();

  /** Standard executions. */
  Standard standard();

  interface Standard {
    /**
     * How many states a Standard execution may enter (nested ones included) before it fails with
     * States.Runtime: each writes a checkpoint, so this bounds what one execution writes.
     */
    @WithDefault("10000")
    long maxTransitions();
  }
}
