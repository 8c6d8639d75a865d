package io.taskfn.support;

import io.taskfn.dispatch.DispatchConfig;
import java.time.Duration;

/** Dispatcher settings for tests that build the dispatcher themselves: no background loop. */
public record TestDispatchConfig(Duration lease, int workers) implements DispatchConfig {

  @Override
  public Duration pollInterval() {
    return Duration.ZERO;
  }
}
