package io.taskfn.api;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Replaces an absent request record with an empty one: see {@link EmptyBodyAsEmptyRequest}. */
@EmptyBodyAsEmptyRequest
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class EmptyBodyInterceptor {

  @AroundInvoke
  Object fill(InvocationContext call) throws Exception {
    Object[] parameters = call.getParameters();
    Class<?>[] types = call.getMethod().getParameterTypes();
    boolean filled = false;
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i] == null && types[i].isRecord()) {
        parameters[i] = EmptyRequests.of(types[i]);
        filled = true;
      }
    }
    if (filled) {
      call.setParameters(parameters);
    }
    return call.proceed();
  }
}
