package io.taskfn.trigger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorEnvelopes;
import io.taskfn.api.RequestIds;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The AWS Lambda trigger: one artifact deploys as one Lambda per function, each with {@code
 * TASKFN_LAMBDA_FUNCTION} naming its function. The event is the function's request object, as the
 * HTTP body would be; the result is the function's answer or its family's error envelope.
 */
public class FunctionLambdaHandler implements RequestHandler<JsonNode, Object> {

  @Inject FunctionInvocations functions;
  @Inject ErrorEnvelopes envelopes;

  @ConfigProperty(name = "taskfn.lambda.function")
  Optional<String> function;

  @Override
  public Object handleRequest(JsonNode event, Context context) {
    String name =
        function.orElseThrow(
            () ->
                new IllegalStateException(
                    "set TASKFN_LAMBDA_FUNCTION to the function this Lambda runs"));
    if (!functions.exists(name)) {
      throw new IllegalStateException("TASKFN_LAMBDA_FUNCTION names no function: " + name);
    }
    String requestId =
        context != null && context.getAwsRequestId() != null
            ? context.getAwsRequestId()
            : RequestIds.next();
    try {
      return functions.invoke(name, event);
    } catch (RuntimeException e) {
      ApiException error =
          e instanceof ApiException api ? api : Failures.toApiException(e, name, requestId);
      return envelopes.render(name, error, requestId).body();
    }
  }
}
