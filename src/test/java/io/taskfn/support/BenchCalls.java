package io.taskfn.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The calls the load programs in {@code bench/} (run with {@code target/test-classes} on the class
 * path) make to set up a running taskfn over HTTP, kept in one place rather than in each program.
 */
public final class BenchCalls {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Pattern JOB_ID = Pattern.compile("\"JobId\":(\\d+)");

  private BenchCalls() {}

  /** A job of the jobs API, as its actions name it. */
  public record JobRef(String namespace, String groupId, long jobId) {

    /** The request object naming the job, with {@code members} (JSON, may be empty) after it. */
    public String request(String members) {
      return "{\"Namespace\":\""
          + namespace
          + "\",\"GroupId\":\""
          + groupId
          + "\",\"JobId\":"
          + jobId
          + members
          + "}";
    }
  }

  /**
   * {@code POST base/action} with {@code json}.
   *
   * @return the body of the 200 answer
   * @throws IllegalStateException on any other status
   */
  public static String post(String base, String action, String json)
      throws IOException, InterruptedException {
    HttpResponse<String> answer =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create(base + "/" + action))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          action + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return answer.body();
  }

  /**
   * A new namespace ({@code name}-nanos) with app group {@code g}, and in it an {@code http} job
   * named {@code name} that runs when executed (up to 1,000 at once) and calls {@code url}.
   *
   * @param moreXAttrs JSON members added to the job's XAttrs after its url, e.g. {@code
   *     ,"timeout":300}; may be empty
   */
  public static JobRef createHttpJob(String base, String name, String url, String moreXAttrs)
      throws IOException, InterruptedException {
    String namespace = name + "-" + System.nanoTime();
    post(base, "CreateNamespace", "{\"Name\":\"" + name + "\",\"Uid\":\"" + namespace + "\"}");
    post(
        base,
        "CreateAppGroup",
        "{\"Namespace\":\"" + namespace + "\",\"GroupId\":\"g\",\"AppName\":\"" + name + "\"}");
    String xattrs = "{\"url\":\"" + url + "\"" + moreXAttrs + "}";
    String job =
        post(
            base,
            "CreateJob",
            "{\"Namespace\":\""
                + namespace
                + "\",\"GroupId\":\"g\",\"Name\":\""
                + name
                + "\",\"JobType\":\"http\",\"TimeType\":100,\"MaxConcurrency\":1000,\"XAttrs\":\""
                + xattrs.replace("\"", "\\\"")
                + "\"}");
    Matcher id = JOB_ID.matcher(job);
    if (!id.find()) {
      throw new IllegalStateException("CreateJob answered " + job);
    }
    return new JobRef(namespace, "g", Long.parseLong(id.group(1)));
  }
}
