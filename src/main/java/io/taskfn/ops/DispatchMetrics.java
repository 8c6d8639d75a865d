package io.taskfn.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The dispatcher's meters, tagged by record kind. In Prometheus they are {@code
 * taskfn_dispatch_claim_seconds}, {@code taskfn_dispatch_claimed_total}, {@code
 * taskfn_dispatch_attempts_total}, {@code taskfn_work_due} and {@code taskfn_work_running}.
 */
@ApplicationScoped
public class DispatchMetrics {

  private static final String CLAIM = "taskfn.dispatch.claim";
  private static final String CLAIMED = "taskfn.dispatch.claimed";
  private static final String ATTEMPTS = "taskfn.dispatch.attempts";
  private static final String DUE = "taskfn.work.due";
  private static final String RUNNING = "taskfn.work.running";

  private final MeterRegistry registry;
  private final Meter.MeterProvider<Timer> claims;
  private final Meter.MeterProvider<Counter> claimedRecords;
  private final Meter.MeterProvider<Counter> attempts;

  public DispatchMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.claims =
        Timer.builder(CLAIM)
            .description("Time one claim of due records of a kind took in the store")
            .withRegistry(registry);
    this.claimedRecords =
        Counter.builder(CLAIMED).description("Due records claimed").withRegistry(registry);
    this.attempts =
        Counter.builder(ATTEMPTS)
            .description("Attempts at due work that finished, by outcome")
            .withRegistry(registry);
  }

  /**
   * One claim of due records of {@code kind} returned {@code count} of them (none is a claim too)
   * and took {@code claimLatency}.
   */
  public void claimed(String kind, int count, Duration claimLatency) {
    claims.withTags("kind", kind).record(claimLatency);
    claimedRecords.withTags("kind", kind).increment(count);
  }

  /**
   * An attempt at a record of {@code kind} ended. {@code outcome} is a tag value: keep it to a few
   * fixed words (success, failure, timeout, cancelled, lost), never an id or a message.
   */
  public void attemptFinished(String kind, String outcome) {
    attempts.withTags("kind", kind, "outcome", outcome).increment();
  }

  /**
   * Publishes how many records of {@code kind} are due and how many run. The suppliers are called
   * on every scrape, so they should be cheap. Registering a kind again replaces its suppliers, so a
   * dispatcher created anew is the one measured.
   */
  public void registerGauges(String kind, LongSupplier due, LongSupplier running) {
    register(DUE, "Records of a kind whose due time has come", kind, due);
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
