package io.taskfn.flow;

/** Flow settings for tests that build the service themselves. */
record TestFlowConfig(int runThreads, int branchThreads, long maxTransitions)
    implements FlowConfig {

  /** The defaults, as the configuration gives them. */
  static final TestFlowConfig DEFAULT = new TestFlowConfig(64, 64, 10_000);

  @Override
  public Standard standard() {
    return () -> maxTransitions;
  }
}
