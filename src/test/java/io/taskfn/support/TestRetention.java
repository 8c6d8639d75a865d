package io.taskfn.support;

import io.taskfn.store.RetentionConfig;
import java.time.Duration;

/** Retention settings for tests that build repositories themselves. */
public record TestRetention(Duration finishedAge, Duration sweepInterval, int batchSize)
    implements RetentionConfig {

  /** The defaults, as the configuration gives them. */
  public static final TestRetention DEFAULT =
      new TestRetention(Duration.ofDays(90), Duration.ofSeconds(60), 500);
}
