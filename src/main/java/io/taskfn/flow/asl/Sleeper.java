package io.taskfn.flow.asl;

import java.time.Duration;

/**
 * How an execution waits (Wait states, retry intervals). The server sleeps for real; tests pass a
 * sleeper that moves their clock instead.
 */
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  Sleeper REAL =
      duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
          Thread.sleep(duration.toMillis());
        }
      };
}
