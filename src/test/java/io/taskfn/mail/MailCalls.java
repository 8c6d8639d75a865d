package io.taskfn.mail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.ValidatableResponse;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.DispatchRounds;
import io.taskfn.support.EnvelopeShapes;
import io.taskfn.support.Http;
import io.taskfn.support.MutableClock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Calls of the mail functions over HTTP, as a user of an organization of the test file. */
final class MailCalls {
  private MailCalls() {}

  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode as(String org, String user) {
    ObjectNode body = JSON.createObjectNode();
    body.put("CallerOrganizationId", org);
    body.put("CallerUserId", user);
    return body;
  }

  /** A request of Alice, the admin of acme. */
  static ObjectNode alice() {
    return as("acme", "alice");
  }

  static ObjectNode bob() {
    return as("acme", "bob");
  }

  static ValidatableResponse call(String action, Object body) {
    return Http.call(action, body);
  }

  static String unique(String prefix) {
    return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * A task definition: two addresses, inline data of three rows, a bar chart and the CSV; {@code
   * change} adjusts it.
   */
  static ObjectNode task(ObjectNode caller, String name, Consumer<ObjectNode> change) {
    ObjectNode spec = caller.deepCopy();
    spec.put("SubscribeName", name);
    ObjectNode recipients = spec.putObject("Recipients");
    recipients.putArray("Addresses").add("ann@example.org").add("ben@example.net");
    spec.put("Subject", "{name} at {runTime}");
    spec.put("Body", "<h1>{name}</h1><p>{rowCount} regions</p>{chart}");
    ObjectNode report = spec.putObject("Report");
    report.put("DataJson", "[{\"region\":\"North\",\"sales\":3}]");
    ObjectNode chart = report.putObject("Chart");
    chart.put("Type", "bar");
    change.accept(spec);
    return spec;
  }

  static String create(ObjectNode spec) {
    return call("CreateMailTask", spec).statusCode(200).extract().path("Result.MailId");
  }

  static ObjectNode ref(ObjectNode caller, String mailId) {
    return caller.deepCopy().put("MailId", mailId);
  }

  static ValidatableResponse manualRun(ObjectNode caller, String mailId) {
    return call("ManualRunMailTask", ref(caller, mailId));
  }

  /** The status of the task's latest run, or null when it has none. */
  static String latestStatus(ObjectNode caller, String mailId) {
    List<Map<String, Object>> result =
        call("GetMailTaskStatus", ref(caller, mailId)).statusCode(200).extract().path("Result");
    return result.isEmpty() ? null : (String) result.get(0).get("status");
  }

  /**
   * Runs due work until the task's latest run is final and answers its status: first the hand-over,
   * then, with the clock past the delivery check, the check; a check that finds a message still
   * queued is due again ({@link DispatchRounds}). A run that needed more than the two usual rounds
   * is reported with its deliveries, so a relay that defers shows in the test output rather than as
   * a flaky status.
   */
  static String finish(Dispatcher dispatcher, MutableClock clock, ObjectNode caller, String mailId)
      throws InterruptedException {
    String[] status = new String[1];
    int rounds =
        DispatchRounds.until(
            dispatcher,
            clock,
            () -> {
              status[0] = latestStatus(caller, mailId);
              return status[0] != null && !"PROCESSING".equals(status[0]);
            });
    if (rounds < 0) {
      throw new AssertionError(
          "the run of "
              + mailId
              + " is still PROCESSING after "
              + DispatchRounds.MAX_ROUNDS
              + " rounds: "
              + deliveries(caller, mailId));
    }
    if (rounds > 2) {
      System.err.println(
          "mail run of "
              + mailId
              + " ended "
              + status[0]
              + " after "
              + rounds
              + " rounds: "
              + deliveries(caller, mailId));
    }
    return status[0];
  }

  private static String deliveries(ObjectNode caller, String mailId) {
    return call("GetMailTaskDeliveries", ref(caller, mailId)).extract().asString();
  }

  /** The rejection, read from the family's envelope after checking its shape and status 400. */
  static EnvelopeShapes.Rejection rejection(String action, Object body) {
    String answer = call(action, body).statusCode(400).extract().asString();
    try {
      return EnvelopeShapes.read("quickbi", JSON.readTree(answer), 400);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
