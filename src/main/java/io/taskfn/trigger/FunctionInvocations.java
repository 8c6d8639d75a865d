package io.taskfn.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.funqy.runtime.FunqyServerRequest;
import io.quarkus.funqy.runtime.FunqyServerResponse;
import io.quarkus.funqy.runtime.RequestContext;
import io.quarkus.funqy.runtime.RequestContextImpl;
import io.smallrye.mutiny.Uni;
import io.taskfn.api.FunctionCaller;
import io.taskfn.api.InputErrors;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Optional;

/**
 * Calls a function of this service by name, outside HTTP, through Funqy's own invokers: for the
 * Lambda trigger, and as the {@link FunctionCaller} of the families (flow Task states).
 */
@ApplicationScoped
public class FunctionInvocations implements FunctionCaller {

  private final ObjectMapper mapper;

  public FunctionInvocations(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public boolean exists(String name) {
    return FunctionRecorder.registry != null
        && FunctionRecorder.registry.matchInvoker(name) != null;
  }

  @Override
  public JsonNode invoke(String name, JsonNode request) {
    return mapper.valueToTree(call(name, request == null ? "null" : request.toString()));
  }

  /**
   * Calls the function with a request given as JSON text (an HTTP body, a Lambda event), read as
   * strictly as Funqy reads an HTTP body: blank text or {@code null} is a request with every
   * parameter absent. Answers as the function returned it, for a trigger that writes it itself.
   */
  Object call(String name, String request) {
    FunctionInvoker invoker = invoker(name);
    Object input =
        request.isBlank() || request.strip().equals("null") ? null : read(invoker, request);
    return invoke(invoker, input);
  }

  private static FunctionInvoker invoker(String name) {
    return Optional.ofNullable(FunctionRecorder.registry.matchInvoker(name))
        .orElseThrow(() -> new IllegalArgumentException("no function named " + name));
  }

  private Object read(FunctionInvoker invoker, String request) {
    if (!invoker.hasInput()) {
      return null;
    }
    ObjectReader reader =
        mapper.readerFor(mapper.getTypeFactory().constructType(invoker.getInputType()));
    try {
      return reader.readValue(request);
    } catch (IOException e) {
      throw InputErrors.explain(reader, request, invoker.getInputType());
    }
  }

  private static Object invoke(FunctionInvoker invoker, Object input) {
    ManagedContext requestContext = Arc.container().requestContext();
    boolean activated = !requestContext.isActive();
    if (activated) {
      requestContext.activate();
    }
    try {
      Response response = new Response();
      invoker.invoke(new Request(input), response);
      return response.output == null ? null : response.output.await().indefinitely();
    } catch (io.quarkus.funqy.runtime.ApplicationException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      if (activated) {
        requestContext.terminate();
      }
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
