package io.taskfn.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request record built from the vendor's parameter names, as a body would give them, for tests
 * that call a service directly: no positional list of every parameter a request has.
 */
public final class RequestOf {
  private RequestOf() {}

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * {@code type} with the parameters named and valued in turn: {@code "Name", "j", "TimeType",
   * 100}.
   */
  public static <T> T of(Class<T> type, Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      body.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return MAPPER.convertValue(body, type);
  }
}
