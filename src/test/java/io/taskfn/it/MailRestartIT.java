package io.taskfn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.taskfn.support.ServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scheduled mail task survives a crash: the packaged server fires it every second and is killed
 * with SIGKILL while a run is under way; restarted on the same store, it finishes that run (once
 * its lease runs out) and goes on firing, and once the task is paused nothing is left PROCESSING.
 */
class MailRestartIT {

  private static final String CALLER_ORG = "CallerOrganizationId";
  private static final String CALLER_USER = "CallerUserId";

  @TempDir Path dir;

  @Test
  void aScheduledTaskGoesOnAfterAKillNineAndItsRunInFlightEnds() throws Exception {
    GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    smtp.start();
    Map<String, String> settings = new HashMap<>();
    settings.put("taskfn.store.path", dir.resolve("data").toString());
    settings.put(
        "taskfn.quickbi.organizations-file",
        Path.of("src/test/resources/mail/organizations.yaml").toAbsolutePath().toString());
    settings.put("taskfn.quickbi.sender-address", "reports@acme.test");
    settings.put("taskfn.quickbi.delivery-check-interval", "1s");
    settings.put("taskfn.email.sender-domains", "acme.test");
    // a run held by the killed server is taken over this soon after its last heartbeat
    settings.put("taskfn.dispatch.lease", "6s");
    settings.put("quarkus.mailer.mock", "false");
    settings.put("quarkus.mailer.host", "127.0.0.1");
    settings.put("quarkus.mailer.port", Integer.toString(smtp.getSmtp().getPort()));
    settings.put("quarkus.mailer.start-tls", "DISABLED");
    int port = ServerProcess.freePort();
    try {
      String mailId;
      String inFlight;
      try (ServerProcess server = ServerProcess.start(dir, port, settings)) {
        mailId =
            server
                .call(
                    "CreateMailTask",
                    caller(
                        Map.of(
                            "SubscribeName",
                            "Every second",
                            "Recipients",
                            Map.of("Addresses", List.of("ann@example.org")),
                            "Subject",
                            "{name} {taskId}",
                            "Body",
                            "<p>{rowCount} rows</p>",
                            "Report",
                            Map.of("DataJson", "[{\"region\":\"North\",\"sales\":3}]"),
                            "Schedule",
                            Map.of("Type", "cron", "Cron", "* * * * * ?"))))
                .path("Result")
                .path("MailId")
                .asText();
        JsonNode running = await(server, mailId, null, run -> "PROCESSING".equals(status(run)));
        inFlight = running.path("taskId").asText();
        server.kill();
      }

      try (ServerProcess restarted = ServerProcess.start(dir, port, settings)) {
        JsonNode finished =
            await(restarted, mailId, inFlight, run -> !"PROCESSING".equals(status(run)));
        assertEquals("SENT", status(finished), "the run in flight at the kill: " + finished);
        long killedNumber = Long.parseLong(inFlight);
        JsonNode later =
            await(
                restarted,
                mailId,
                null,
                run ->
                    Long.parseLong(run.path("taskId").asText()) > killedNumber
                        && "SENT".equals(status(run)));
        restarted.call("PauseMailTask", caller(Map.of("MailId", mailId)));
        JsonNode last = await(restarted, mailId, null, run -> !"PROCESSING".equals(status(run)));
        assertEquals("SENT", status(last), "nothing is left running: " + last);
        System.out.printf(
            "mail restart: run %s in flight at the kill ended %s; run %s fired after the"
                + " restart; %d messages received%n",
            inFlight,
            status(finished),
            later.path("taskId").asText(),
            smtp.getReceivedMessages().length);
        assertTrue(smtp.getReceivedMessages().length >= 2);
      }
    } finally {
      smtp.stop();
    }
  }

  private static Map<String, Object> caller(Map<String, Object> request) {
    Map<String, Object> body = new HashMap<>(request);
    body.put(CALLER_ORG, "acme");
    body.put(CALLER_USER, "alice");
    return body;
  }

  private static String status(JsonNode run) {
    return run.path("status").asText();
  }

  /** Polls GetMailTaskStatus (the run {@code taskId}, or the latest) until {@code done} holds. */
  private static JsonNode await(
      ServerProcess server, String mailId, String taskId, Predicate<JsonNode> done)
      throws IOException, InterruptedException {
    Map<String, Object> request = new HashMap<>(Map.of("MailId", mailId));
    if (taskId != null) {
      request.put("TaskId", taskId);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    JsonNode run = null;
    while (System.nanoTime() < deadline) {
      run = server.call("GetMailTaskStatus", caller(request)).path("Result").path(0);
      if (!run.isMissingNode() && done.test(run)) {
        return run;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no run of " + mailId + " as awaited within 90 s; last: " + run);
  }
}
