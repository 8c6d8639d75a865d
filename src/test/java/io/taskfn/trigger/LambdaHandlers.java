package io.taskfn.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskfn.api.ErrorEnvelopes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The Lambda handler as a deployment of one function would have it, wired with the application's
 * beans: lets one test invoke several functions' Lambdas in one application.
 */
@ApplicationScoped
public class LambdaHandlers {

  @Inject FunctionInvocations functions;
  @Inject ErrorEnvelopes envelopes;
  @Inject ObjectMapper mapper;
  @Inject DispatchInvoker dispatchInvoker;

  FunctionLambdaHandler of(String function) {
    FunctionLambdaHandler handler = new FunctionLambdaHandler();
    handler.functions = functions;
    handler.envelopes = envelopes;
    handler.mapper = mapper;
    handler.dispatchInvoker = dispatchInvoker;
    handler.function = Optional.of(function);
    return handler;
  }
}
