package io.taskfn.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long finished work is kept, and how it is removed. */
@ConfigMapping(prefix = "taskfn.retention")
public interface RetentionConfig {

  /**
   * How long a finished job instance, a finished execution with its history, and a scheduled fire's
   * mark are kept after they end: 90 days, as Step Functions keeps closed executions.
   */
  @WithDefault("90d")
  Duration finishedAge();

  /** How often a server removes what has expired; zero turns the background sweep off. */
  @WithDefault("60s")
  Duration sweepInterval();

  /** How many expired records one store call removes. */
  @WithDefault("500")
  int batchSize();
}
