package io.taskfn.ops;

import io.micrometer.core.instrument.Tags;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.micrometer.runtime.HttpServerMetricsTagsContributor;
import jakarta.inject.Singleton;

/**
 * Tags every HTTP request to a function with that function's path as its {@code uri}, whatever the
 * answer. Quarkus keeps a path as the {@code uri} only when a route template matched it, and Funqy
 * serves every function from one route: left alone, a function's own 404 (an unknown job, say)
 * would count as {@code NOT_FOUND} together with calls of functions that do not exist. Requests to
 * other paths keep Quarkus' tag.
 */
@Singleton
public class FunctionUriTag implements HttpServerMetricsTagsContributor {

  @Override
  public Tags contribute(Context context) {
    String path = context.request().path();
    // Funqy's own match: the path is "/" and the function's name, nothing else.
    if (path != null
        && path.startsWith("/")
        && FunctionRecorder.registry.matchInvoker(path.substring(1)) != null) {
      return Tags.of("uri", path);
    }
    return Tags.empty();
  }
}
