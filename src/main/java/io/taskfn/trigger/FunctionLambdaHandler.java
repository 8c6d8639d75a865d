package io.taskfn.trigger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.funqy.runtime.FunqyServerRequest;
import io.quarkus.funqy.runtime.FunqyServerResponse;
import io.quarkus.funqy.runtime.RequestContext;
import io.quarkus.funqy.runtime.RequestContextImpl;
import io.smallrye.mutiny.Uni;
import io.taskfn.api.ApiException;
import io.taskfn.api.ErrorEnvelopes;
import io.taskfn.api.FunctionCatalog;
import io.taskfn.api.InputErrors;
import io.taskfn.api.RequestIds;
import jakarta.inject.Inject;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The AWS Lambda trigger: one artifact deploys as one Lambda per function, each with {@code
 * TASKFN_LAMBDA_FUNCTION} naming its function. The event is the function's request object, as the
 * HTTP body would be; the result is the function's answer or its family's error envelope.
 */
public class FunctionLambdaHandler implements RequestHandler<JsonNode, Object> {

  @Inject ObjectMapper mapper;
  @Inject FunctionCatalog catalog;

  @ConfigProperty(name = "taskfn.lambda.function")
  java.util.Optional<String> function;

  @Override
  public Object handleRequest(JsonNode event, Context context) {
    String name =
        function.orElseThrow(
            () ->
                new IllegalStateException(
                    "set TASKFN_LAMBDA_FUNCTION to the function this Lambda runs"));
    FunctionInvoker invoker = FunctionRecorder.registry.matchInvoker(name);
    if (invoker == null) {
      throw new IllegalStateException("TASKFN_LAMBDA_FUNCTION names no function: " + name);
    }
    String requestId =
        context != null && context.getAwsRequestId() != null
            ? context.getAwsRequestId()
            : RequestIds.next();
    try {
      return invoke(invoker, read(invoker, event));
    } catch (ApiException e) {
      return ErrorEnvelopes.render(catalog.familyOf(name), e, requestId).body();
    } catch (RuntimeException e) {
      ApiException error = Failures.toApiException(e, name, requestId);
      return ErrorEnvelopes.render(catalog.familyOf(name), error, requestId).body();
    }
  }

  private Object read(FunctionInvoker invoker, JsonNode event) {
    if (!invoker.hasInput() || event == null || event.isNull()) {
      return null;
    }
    try {
      return mapper
          .readerFor(mapper.getTypeFactory().constructType(invoker.getInputType()))
          .readValue(event);
    } catch (IOException e) {
      throw InputErrors.explain(mapper, event.toString(), invoker.getInputType());
    }
  }

  private static Object invoke(FunctionInvoker invoker, Object input) {
    ManagedContext requestContext = Arc.container().requestContext();
    requestContext.activate();
    try {
      Response response = new Response();
      invoker.invoke(new Request(input), response);
      return response.output == null ? null : response.output.await().indefinitely();
    } finally {
      requestContext.terminate();
    }
  }

  private record Request(Object input) implements FunqyServerRequest {
    @Override
    public RequestContext context() {
      return new RequestContextImpl();
    }

    @Override
    public Object extractInput(Class type) {
      return input;
    }
  }

  private static final class Response implements FunqyServerResponse {
    private Uni<?> output;

    @Override
    public Uni<?> getOutput() {
      return output;
    }

    @Override
    public void setOutput(Uni<?> output) {
      this.output = output;
    }
  }
}
