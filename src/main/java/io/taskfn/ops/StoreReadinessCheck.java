package io.taskfn.ops;

import io.taskfn.store.RecordKey;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the store answers a read within {@code taskfn.health.store-timeout}: every function
 * needs the store, so a server that cannot read it should be taken out of rotation, not restarted
 * (which is why this is no liveness check).
 */
@Readiness
@ApplicationScoped
public class StoreReadinessCheck implements HealthCheck {

  private static final String NAME = "store";

  /** A key no family writes: the read proves the store answers; that nothing is found is fine. */
  private static final RecordKey PROBE =
      new RecordKey("taskfn-health", StoreProducer.DEFAULT_TENANT, "readiness-probe");

  private final StoreBackend store;
  private final Duration timeout;
  private final ExecutorService reader =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "taskfn-health-store");
            t.setDaemon(true);
            return t;
          });
  private CompletableFuture<Void> lastRead = CompletableFuture.completedFuture(null);

  public StoreReadinessCheck(
      StoreBackend store,
      @ConfigProperty(name = "taskfn.health.store-timeout", defaultValue = "1s") Duration timeout) {
    this.store = store;
    this.timeout = timeout;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      currentRead().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return HealthCheckResponse.up(NAME);
    } catch (TimeoutException e) {
      return down("the store did not answer a read within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return down("the store could not be read: " + e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down("interrupted while reading the store");
    }
  }

  /**
   * A read that hangs in the store is waited on again by the next probe rather than joined by a
   * second one, so a stuck store holds one thread, not one per probe.
   */
  private synchronized CompletableFuture<Void> currentRead() {
    if (lastRead.isDone()) {
      lastRead = CompletableFuture.runAsync(() -> store.find(PROBE), reader);
    }
    return lastRead;
  }

  private static HealthCheckResponse down(String reason) {
    return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
  }

  @PreDestroy
  void stop() {
    reader.shutdownNow();
  }
}
