package io.taskfn.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** In @QuarkusTests the application's clock is one the tests can move. */
@ApplicationScoped
public class TestClockProducer {

  @Produces
  @Singleton
  MutableClock clock() {
    return new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }
}
