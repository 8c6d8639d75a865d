package io.taskfn.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the in-process dispatcher. */
@ConfigMapping(prefix = "taskfn.dispatch")
public interface DispatchConfig {

  /** How often the server looks for due work; zero turns the background loop off (Lambda). */
  @WithDefault("1s")
  Duration pollInterval();

  /** How long a claim holds before another dispatcher may take the work over. */
  @WithDefault("60s")
  Duration lease();

  /**
   * How many records run at once in this process. An email send holds a worker for its SMTP
   * exchange and a call for as long as it rings and plays, so 8 capped delivery at about 150
   * messages/s and calls at 4 in flight; idle workers cost a parked thread each.
   */
  @WithDefault("32")
  int workers();
}
