package io.taskfn.calltask;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code ResponseMetadata} of every vms answer, errors included. */
@ApplicationScoped
public class VmsMetadata {

  static final String SERVICE = "vms";
  static final String VERSION = "2022-01-01";

  private final String region;

  @Inject
  public VmsMetadata(CallTaskConfig config) {
    this(config.region());
  }

  VmsMetadata(String region) {
    this.region = region;
  }

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ResponseMetadata(
      String requestId, String action, String version, String service, String region) {

    Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("RequestId", requestId);
      if (action != null) {
        map.put("Action", action);
      }
      map.put("Version", version);
      map.put("Service", service);
      map.put("Region", region);
      return map;
    }
  }

  /** An answer: the metadata, and the action's {@code Result} when it has one. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Answer<T>(ResponseMetadata responseMetadata, T result) {}

  ResponseMetadata of(String action, String requestId) {
    return new ResponseMetadata(requestId, action, VERSION, SERVICE, region);
  }
}
