package io.taskfn.support;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The jobs family's setup calls over HTTP, for tests of other things. */
public final class JobsApi {
  private JobsApi() {}

  /** A fresh namespace holding the app group {@code group}; returns the namespace. */
  public static String namespaceWithGroup(String group) {
    String namespace = "ns-" + UUID.randomUUID();
    Http.call("CreateNamespace", Map.of("Name", "test", "Uid", namespace)).statusCode(200);
    Http.call("CreateAppGroup", Map.of("Namespace", namespace, "GroupId", group, "AppName", "app"))
        .statusCode(200);
    return namespace;
  }

  /** Creates an API-triggered job of the given type and XAttrs; returns its JobId. */
  public static int createJob(String namespace, String group, String type, String xAttrs) {
    Map<String, Object> body = new HashMap<>();
    body.put("Namespace", namespace);
    body.put("GroupId", group);
    body.put("Name", type + "-job");
    body.put("JobType", type);
    body.put("TimeType", 100);
    body.put("MaxConcurrency", 5);
    body.put("XAttrs", xAttrs);
    return Http.call("CreateJob", body).statusCode(200).extract().path("Data.JobId");
  }

  /** The ExecuteJob request body. */
  public static Map<String, Object> execution(
      String namespace, String group, int jobId, String instanceParameters) {
    return Map.of(
        "Namespace", namespace,
        "GroupId", group,
        "JobId", jobId,
        "InstanceParameters", instanceParameters);
  }

  public static int execute(String namespace, String group, int jobId, String instanceParameters) {
    return Http.call("ExecuteJob", execution(namespace, group, jobId, instanceParameters))
        .statusCode(200)
        .extract()
        .path("Data.JobInstanceId");
  }

  /** The job instance's status code. */
  public static int status(String namespace, String group, int jobId, int instanceId) {
    return Http.call(
            "GetJobInstance",
            Map.of(
                "Namespace", namespace,
                "GroupId", group,
                "JobId", jobId,
                "JobInstanceId", instanceId))
        .statusCode(200)
        .extract()
        .path("Data.JobInstanceDetail.Status");
  }
}
