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
   * exchange and a call for as long as it rings and plays, so mail- and call-heavy servers want
   * more (32 delivered 465 messages/s where 8 delivered about 150). With 32 the two-server fleet
   * tests saw 3-17% of one-attempt instances fail, cause not yet found (the heartbeat, which
   * extends each lease in turn on one thread, is the first suspect), so 8 stays the default.
   */
  @WithDefault("8")
  int workers();
}
