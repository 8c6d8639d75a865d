package io.taskfn.trigger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorEnvelopes;
import io.taskfn.api.RequestIds;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The AWS Lambda trigger: one artifact deploys as one Lambda per function, each with {@code
 * TASKFN_LAMBDA_FUNCTION} naming its function. The event is the function's request object, as the
 * HTTP body would be; the result is the function's answer or its family's error envelope. The event
 * is read here, as text, rather than by the Lambda runtime: so an event the strict reading refuses
 * (past a limit, a key twice) is answered in the envelope, as over HTTP.
 */
public class FunctionLambdaHandler implements RequestStreamHandler {

  @Inject FunctionInvocations functions;
  @Inject ErrorEnvelopes envelopes;
  @Inject ObjectMapper mapper;

  @ConfigProperty(name = "taskfn.lambda.function")
  Optional<String> function;

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
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
    String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    Object answer;
    try {
      answer = functions.invokeJson(name, event);
    } catch (RuntimeException e) {
      ApiException error =
          e instanceof ApiException api ? api : Failures.toApiException(e, name, requestId);
      answer = envelopes.render(name, error, requestId).body();
    }
    mapper.writeValue(output, answer);
  }
}
