package io.taskfn.trigger;

import io.quarkus.funqy.runtime.ApplicationException;
import io.taskfn.api.ApiException;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/** Turns whatever a function threw into the {@link ApiException} a client is shown. */
final class Failures {
  private static final Logger LOG = Logger.getLogger(Failures.class);

  private Failures() {}

  static ApiException toApiException(Throwable thrown, String action, String requestId) {
    Throwable cause = thrown;
    while ((cause instanceof ApplicationException
            || cause instanceof CompletionException
            || cause instanceof InvocationTargetException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApiException api) {
      return api;
    }
    // A bug or an outage, not bad input: keep the details in the log, not in the answer.
    LOG.errorf(cause, "%s failed, request id %s", action, requestId);
    return new ApiException(
        500, null, "An internal error occurred. Request id: " + requestId + ".", null);
  }
}
