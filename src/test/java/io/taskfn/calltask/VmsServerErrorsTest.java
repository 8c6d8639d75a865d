package io.taskfn.calltask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorResponse;
import io.taskfn.calltask.CallTaskRequests.TaskQuery;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.store.RecordKey;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreException;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestRetention;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The two codes of the vendor's table that come from the server, not the request: a store that
 * fails answers ServiceUnavailable (503: a retry may succeed), anything else that breaks
 * InternalError (500); neither says more than the vendor's sentence.
 */
class VmsServerErrorsTest {

  /** A store whose reads of records fail with what {@code failure} makes. */
  private static StoreBackend failingReads(Function<RecordKey, RuntimeException> failure) {
    StoreBackend real = new InMemoryStoreBackend();
    return (StoreBackend)
        Proxy.newProxyInstance(
            StoreBackend.class.getClassLoader(),
            new Class<?>[] {StoreBackend.class},
            (proxy, method, args) -> {
              if (method.getName().equals("find")) {
                throw failure.apply((RecordKey) args[0]);
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static ApiException query(StoreBackend store) {
    CallTaskStore tasks = new CallTaskStore(store, TestRetention.DEFAULT, () -> {});
    CallTaskService service =
        new CallTaskService(
            tasks,
            new MutableClock(Instant.parse("2026-06-01T00:00:00Z")),
            TestCallTaskConfig.defaults(),
            new VmsMetadata("cn-north-1"),
            new CallsInFlight(tasks, Duration.ofMinutes(1)));
    return assertThrows(
        ApiException.class,
        () ->
            CallTaskFunctions.run(
                "QueryTaskInfo", () -> service.queryTaskInfo(new TaskQuery("1"))));
  }

  @Test
  void aFailingStoreIsServiceUnavailable() {
    ApiException e = query(failingReads(key -> new StoreException("disk I/O error on " + key)));
    assertEquals(503, e.httpStatus());
    ErrorResponse rendered =
        new VmsErrorEnvelope(new VmsMetadata("cn-north-1")).render("QueryTaskInfo", e, "R1");
    assertEquals(503, rendered.httpStatus());
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata =
        (Map<String, Object>) ((Map<String, Object>) rendered.body()).get("ResponseMetadata");
    assertEquals(
        Map.of(
            "Code",
            "ServiceUnavailable",
            "Message",
            "The request has failed due to a temporary failure of the server."),
        metadata.get("Error"));
    assertEquals("QueryTaskInfo", metadata.get("Action"));
  }

  @Test
  void anythingElseIsAnInternalErrorThatTellsNothing() {
    ApiException e = query(failingReads(key -> new IllegalStateException("secret detail " + key)));
    assertEquals(500, e.httpStatus());
    assertEquals("InternalError", e.vendorCode());
    assertEquals("The request has failed due to an unknown error.", e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
  }
}
