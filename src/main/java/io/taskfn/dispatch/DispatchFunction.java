package io.taskfn.dispatch;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.funqy.Funq;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.api.EmptyBodyAsEmptyRequest;
import io.taskfn.api.FunctionCatalog;
import io.taskfn.api.InvocationTime;
import io.taskfn.api.Params;
import io.taskfn.api.RequestIds;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs due work until none is left or the function's time is nearly up (its timeout in {@code
 * functions.yaml}, or what Lambda says is left of the invocation, whichever ends first): the
 * dispatcher of a Lambda deployment, invoked on the schedule {@code functions.yaml} gives it.
 */
@Singleton
@EmptyBodyAsEmptyRequest
public class DispatchFunction {

  /** Time kept back from the function timeout to write the answer. */
  static final Duration MARGIN = Duration.ofSeconds(5);

  @Inject Dispatcher dispatcher;
  @Inject FunctionCatalog catalog;
  @Inject RetentionSweeper retention;

  /** How long one invocation spends removing expired records, after the due work. */
  static final Duration SWEEP_BUDGET = Duration.ofSeconds(1);

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record DispatchResult(String requestId, int claimed, int removed) {}

  /**
   * {@code MaxSeconds} shortens the run below the function timeout; any other field (a schedule
   * event's, say) is ignored.
   */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record DispatchRequest(Integer maxSeconds) {}

  @Funq("Dispatch")
  public DispatchResult dispatch(DispatchRequest request) throws InterruptedException {
    Duration budget = catalog.timeout("Dispatch").minus(MARGIN);
    Optional<Duration> left = InvocationTime.remaining().map(time -> time.minus(MARGIN));
    if (left.isPresent()) {
      budget = shorter(budget, left.get().isNegative() ? Duration.ZERO : left.get());
    }
    if (request.maxSeconds() != null) {
      int seconds = Params.atLeast("MaxSeconds", request.maxSeconds(), 1, 1);
      budget = shorter(budget, Duration.ofSeconds(seconds));
    }
    int claimed = dispatcher.runUntilIdle(budget);
    return new DispatchResult(RequestIds.next(), claimed, retention.sweep(SWEEP_BUDGET));
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
