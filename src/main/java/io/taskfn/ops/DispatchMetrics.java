package io.taskfn.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.taskfn.dispatch.DispatchObserver;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The dispatcher's meters, tagged by record kind. In Prometheus they are {@code
 * taskfn_dispatch_claim_seconds} (how long due work waited to be claimed; its count is the claims),
 * {@code taskfn_dispatch_attempts_total} (handler runs by outcome), {@code taskfn_work_due} and
 * {@code taskfn_work_running}.
 */
@ApplicationScoped
public class DispatchMetrics implements DispatchObserver {

  private static final String CLAIM = "taskfn.dispatch.claim";
  private static final String ATTEMPTS = "taskfn.dispatch.attempts";
  private static final String DUE = "taskfn.work.due";
  private static final String RUNNING = "taskfn.work.running";

  private final MeterRegistry registry;
  private final Meter.MeterProvider<Timer> claims;
  private final Meter.MeterProvider<Counter> attempts;

  public DispatchMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.claims =
        Timer.builder(CLAIM)
            .description("Time from a record falling due to its claim, by kind")
            .withRegistry(registry);
    this.attempts =
        Counter.builder(ATTEMPTS)
            .description("Runs of due work that ended, by kind and outcome")
            .withRegistry(registry);
  }

  @Override
  public void claimed(String kind, Duration lag) {
    claims.withTags("kind", kind).record(lag.isNegative() ? Duration.ZERO : lag);
  }

  @Override
  public void attemptFinished(String kind, String outcome) {
    attempts.withTags("kind", kind, "outcome", outcome).increment();
  }

  /**
   * Registering a kind again replaces its suppliers, so a dispatcher created anew is the one
   * measured. The suppliers are called on every scrape.
   */
  @Override
  public void watch(String kind, LongSupplier due, LongSupplier running) {
    register(DUE, "Records of a kind whose due time has come (counted up to 1,000)", kind, due);
    register(RUNNING, "Records of a kind running in this process", kind, running);
  }

  private synchronized void register(
      String name, String description, String kind, LongSupplier value) {
    Gauge existing = registry.find(name).tag("kind", kind).gauge();
    if (existing != null) {
      registry.remove(existing);
    }
    // Strong: the dispatcher hands over a lambda nobody else holds, which a weak gauge would lose.
    Gauge.builder(name, value, v -> (double) v.getAsLong())
        .description(description)
        .tag("kind", kind)
        .strongReference(true)
        .register(registry);
  }
}
