package io.taskfn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.store.RecordKey;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreException;
import io.taskfn.store.StoredRecord;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;
import org.junit.jupiter.api.Test;

class StoreReadinessCheckTest {

  /** A backend that only reads, the way {@code find} says; anything else is a test mistake. */
  private static StoreBackend backendWhoseFind(Function<RecordKey, Optional<StoredRecord>> find) {
    return (StoreBackend)
        Proxy.newProxyInstance(
            StoreBackend.class.getClassLoader(),
            new Class<?>[] {StoreBackend.class},
            (proxy, method, args) -> {
              if (method.getName().equals("find")) {
                return find.apply((RecordKey) args[0]);
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static String reason(HealthCheckResponse response) {
    return String.valueOf(response.getData().orElseThrow().get("reason"));
  }

  @Test
  void upWhenTheStoreAnswersEvenThoughTheProbeKeyIsAbsent() {
    StoreReadinessCheck check =
        new StoreReadinessCheck(new InMemoryStoreBackend(), Duration.ofSeconds(5));
    try {
      HealthCheckResponse response = check.call();
      assertEquals("store", response.getName());
      assertEquals(Status.UP, response.getStatus());
    } finally {
      check.stop();
    }
  }

  @Test
  void downWithTheReasonWhenTheBackendThrows() {
    StoreBackend broken =
        backendWhoseFind(
            key -> {
              throw new StoreException("database file ./data/taskfn.mv.db is locked");
            });
    StoreReadinessCheck check = new StoreReadinessCheck(broken, Duration.ofSeconds(5));
    try {
      HealthCheckResponse response = check.call();
      assertEquals(Status.DOWN, response.getStatus());
      assertTrue(
          reason(response).contains("could not be read")
              && reason(response).contains("database file ./data/taskfn.mv.db is locked"),
          reason(response));
    } finally {
      check.stop();
    }
  }

  @Test
  void downWhenTheStoreHangsAndOneHungReadServesEveryProbeUntilItEnds()
      throws InterruptedException {
    CountDownLatch readStarted = new CountDownLatch(1);
    CountDownLatch storeAnswers = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    StoreBackend hanging =
        backendWhoseFind(
            key -> {
              if (reads.incrementAndGet() == 1) {
                readStarted.countDown();
                try {
                  storeAnswers.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return Optional.empty();
            });
    StoreReadinessCheck check = new StoreReadinessCheck(hanging, Duration.ofMillis(300));
    try {
      HealthCheckResponse first = check.call();
      HealthCheckResponse second = check.call();
      assertEquals(Status.DOWN, first.getStatus());
      assertEquals("the store did not answer a read within 300 ms", reason(first));
      assertEquals(Status.DOWN, second.getStatus());
      assertTrue(readStarted.await(10, TimeUnit.SECONDS));
      assertEquals(1, reads.get(), "a second probe must wait on the hung read, not start another");

      storeAnswers.countDown();
      assertEquals(Status.UP, check.call().getStatus());
    } finally {
      storeAnswers.countDown();
      check.stop();
    }
  }
}
