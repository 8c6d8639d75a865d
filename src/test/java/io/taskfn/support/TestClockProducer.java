package io.taskfn.support;

import io.taskfn.flow.asl.Sleeper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** In @QuarkusTests the application's clock is one the tests can move, and waits move it. */
@ApplicationScoped
public class TestClockProducer {

  @Produces
  @Singleton
  MutableClock clock() {
    return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /** Flows wait by moving the test clock, never for real. */
  @Produces
  @Singleton
  Sleeper sleeper(MutableClock clock) {
    return clock::advance;
  }
}
