package io.taskfn.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.RawString;
import io.taskfn.api.ApiException;
import io.taskfn.api.Echo;
import io.taskfn.api.FunctionCaller;
import io.taskfn.api.PlainJson;
import io.taskfn.dispatch.HeldRecord;
import io.taskfn.dispatch.LeasedHandler;
import io.taskfn.http.OutboundHttp;
import io.taskfn.http.OutboundRequest;
import io.taskfn.http.OutboundResponse;
import io.taskfn.mail.MailRun.Delivery;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs a mail task: fetches its data, renders every recipient's mail (all of them before any is
 * sent, so a template that fails sends nothing), hands one message per recipient to the email
 * family ({@code SendEmail}), then looks at them ({@code GetSendStatus}) until each is out for
 * delivery or dropped. A run is SENT when every message is out, FAILED with the reason otherwise.
 *
 * <p>Each message's send is repeatable ({@code Operation-Id} derived from the run and the
 * recipient): a server that dies while handing messages over leaves the run to another, whose sends
 * of the messages already handed over are recognised, not sent twice.
 */
@Singleton
public class MailRunner extends LeasedHandler<MailRun> {

  static final String EMAIL_API_VERSION = "2023-03-31";
  static final String CHART_CONTENT_ID = "report-chart";

  private static final ObjectMapper JSON = PlainJson.MAPPER;

  private final MailRepository mails;
  private final Directory directory;
  private final ReportTemplates templates;
  private final FunctionCaller functions;
  private final OutboundHttp http;
  private final MailConfig config;
  private final Clock clock;

  public MailRunner(
      MailRepository mails,
      Directory directory,
      ReportTemplates templates,
      FunctionCaller functions,
      OutboundHttp http,
      MailConfig config,
      Clock clock) {
    super(mails.runRecords());
    this.mails = mails;
    this.directory = directory;
    this.templates = templates;
    this.functions = functions;
    this.http = http;
    this.config = config;
    this.clock = clock;
  }

  @Override
  protected boolean isFinished(MailRun run) {
    return run.status().isFinal();
  }

  @Override
  protected MailRun failed(MailRun run, RuntimeException cause) {
    return run.failed(clock.instant(), "taskfn failed while running: " + cause, run.deliveries());
  }

  @Override
  protected void handle(HeldRecord<MailRun> held) throws InterruptedException {
    MailRun run = held.value();
    if (run.deliveries().isEmpty()) {
      handOver(held, run);
    } else {
      check(held, run);
    }
  }

  /** A mail rendered for one recipient. */
  private record Rendered(String recipient, String subject, String html) {}

  private void handOver(HeldRecord<MailRun> held, MailRun run) throws InterruptedException {
    Optional<MailTask> found = mails.task(run.organizationId(), run.mailId());
    if (found.isEmpty()) {
      held.release(run.failed(clock.instant(), "the mail task was deleted", List.of()), null);
      return;
    }
    MailTask task = found.get();
    ReportData data;
    List<String> recipients;
    List<Rendered> mails;
    byte[] chart = null;
    try {
      data = data(task.report());
      if (data.isEmpty() && task.skipWhenEmpty()) {
        held.release(run.skipped(clock.instant(), "the report data is empty"), null);
        return;
      }
      recipients = recipients(task);
      ReportChart.Plan plan =
          task.report().chart() == null ? null : ReportChart.plan(task.report().chart(), data);
      if (plan != null) {
        chart = chart(plan, data);
      }
      mails = render(task, run, data, recipients, chart != null);
    } catch (ReportData.Unreadable | ReportTemplates.Broken e) {
      held.release(run.failed(clock.instant(), e.getMessage(), List.of()), null);
      return;
    }
    List<Attachment> attachments = new ArrayList<>();
    if (chart != null) {
      attachments.add(new Attachment("chart.png", "image/png", chart, CHART_CONTENT_ID));
    }
    if (!Boolean.FALSE.equals(task.report().csv())) {
      attachments.add(
          new Attachment(
              fileName(task) + ".csv",
              "text/csv",
              ReportCsv.of(data).getBytes(StandardCharsets.UTF_8),
              null));
    }
    List<Delivery> deliveries = new ArrayList<>();
    for (int i = 0; i < mails.size(); i++) {
      deliveries.add(send(run, i, mails.get(i), attachments));
    }
    MailRun handed = run.handedOver(data.rows().size(), deliveries);
    Optional<MailRun> done = outcome(handed);
    if (done.isPresent()) {
      held.release(done.get(), null);
    } else {
      held.release(handed, clock.instant().plus(config.deliveryCheckInterval()));
    }
  }

  /**
   * The chart's PNG. Java2D that can not work here (a native image without AWT's configuration, no
   * fonts) fails the run with the reason, rather than the dispatcher retrying it for ever.
   */
  private static byte[] chart(ReportChart.Plan plan, ReportData data)
      throws ReportTemplates.Broken {
    try {
      return ReportChart.png(plan, data);
    } catch (LinkageError | java.awt.AWTError e) {
      throw new ReportTemplates.Broken("the chart could not be drawn here: " + e);
    }
  }

  private ReportData data(MailTask.Report report)
      throws ReportData.Unreadable, InterruptedException {
    if (report.dataJson() != null) {
      return ReportData.parse(report.dataJson(), "the inline data", config.maxRows());
    }
    String url = report.dataUrl();
    OutboundResponse answer;
    try {
      answer =
          http.send(
              OutboundRequest.to(URI.create(url), "GET")
                  .header("Accept", "application/json")
                  .timeout(config.dataTimeout()));
    } catch (IOException | IllegalArgumentException e) {
      throw new ReportData.Unreadable(
          "the data could not be fetched from " + Echo.of(url) + ": " + Echo.of(e.getMessage()));
    }
    if (!answer.isSuccess()) {
      throw new ReportData.Unreadable(
          "the data URL " + Echo.of(url) + " answered HTTP " + answer.statusCode());
    }
    if (answer.truncated()) {
      throw new ReportData.Unreadable(
          "the data URL " + Echo.of(url) + " answered more than the response size limit");
    }
    return ReportData.parse(answer.body(), "the answer of " + Echo.of(url), config.maxRows());
  }

  /** The addresses, then the users' addresses, each once. */
  private List<String> recipients(MailTask task) throws ReportData.Unreadable {
    List<String> all = new ArrayList<>(MailRequests.orEmpty(task.recipients().addresses()));
    for (String userId : MailRequests.orEmpty(task.recipients().userIds())) {
      OrgUser user =
          directory
              .user(userId)
              .filter(u -> u.organizationId().equals(task.organizationId()) && u.email() != null)
              .orElseThrow(
                  () ->
                      new ReportData.Unreadable(
                          "the recipient user "
                              + Echo.of(userId)
                              + " is no longer a user of the organization with an email address"));
      all.add(user.email());
    }
    return all.stream().distinct().toList();
  }

  private List<Rendered> render(
      MailTask task, MailRun run, ReportData data, List<String> recipients, boolean chart)
      throws ReportTemplates.Broken {
    ZoneId zone =
        task.schedule() == null || task.schedule().timeZone() == null
            ? ZoneId.of("UTC")
            : ZoneId.of(task.schedule().timeZone().trim());
    String runTime =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone).format(run.execTime());
    String image =
        chart
            ? "<img src=\"cid:" + CHART_CONTENT_ID + "\" alt=\"" + escape(chartTitle(task)) + "\">"
            : "";
    List<Rendered> out = new ArrayList<>();
    for (String recipient : recipients) {
      Map<String, Object> model =
          model(task.subscribeName(), data, runTime, run.taskId(), recipient, image);
      String subject = templates.render("Subject", task.subject(), false, model);
      String html = templates.render("Body", task.body(), true, model);
      if (chart && !html.contains("cid:" + CHART_CONTENT_ID)) {
        html = html + "\n<p>" + image + "</p>";
      }
      out.add(new Rendered(recipient, subject.strip(), html));
    }
    return out;
  }

  /**
   * What the templates see (README, "Mail tasks"); {@code chartImage} is the HTML that places the
   * chart, or empty.
   */
  static Map<String, Object> model(
      String name,
      ReportData data,
      String runTime,
      String taskId,
      String recipient,
      String chartImage) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", name);
    model.put("rows", data.rows());
    model.put("columns", data.columns());
    model.put("rowCount", data.rows().size());
    model.put("runTime", runTime);
    model.put("taskId", taskId);
    model.put("recipient", recipient);
    model.put("chart", new RawString(chartImage));
    return model;
  }

  private static String chartTitle(MailTask task) {
    String title = task.report().chart().title();
    return title == null ? task.subscribeName() : title;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /** A file name made of the task's name: letters, digits, dashes and underscores. */
  private static String fileName(MailTask task) {
    String name =
        task.subscribeName().replaceAll("[^\\p{L}\\p{N}_-]+", "-").replaceAll("^-+|-+$", "");
    return name.isEmpty() ? "report" : name;
  }

  private record Attachment(String name, String contentType, byte[] content, String contentId) {}

  private Delivery send(MailRun run, int index, Rendered mail, List<Attachment> attachments) {
    ObjectNode request = JSON.createObjectNode();
    request.put("api-version", EMAIL_API_VERSION);
    request.put(
        "Operation-Id",
        UUID.nameUUIDFromBytes(
                (run.organizationId() + "/" + run.taskId() + "/" + index + "/" + mail.recipient())
                    .getBytes(StandardCharsets.UTF_8))
            .toString());
    request.put("senderAddress", config.senderAddress());
    ObjectNode content = request.putObject("content");
    content.put("subject", mail.subject());
    content.put("html", mail.html());
    request.putObject("recipients").putArray("to").addObject().put("address", mail.recipient());
    ArrayNode parts = request.putArray("attachments");
    for (Attachment a : attachments) {
      ObjectNode part = parts.addObject();
      part.put("name", a.name());
      part.put("contentType", a.contentType());
      part.put("contentInBase64", Base64.getEncoder().encodeToString(a.content()));
      if (a.contentId() != null) {
        part.put("contentId", a.contentId());
      }
    }
    try {
      JsonNode sent = functions.invoke("SendEmail", request);
      return new Delivery(mail.recipient(), sent.path("id").asText(), "queued", null);
    } catch (ApiException refused) {
      return new Delivery(
          mail.recipient(),
          null,
          "rejected",
          "the email service refused it: " + refused.getMessage());
    }
  }

  private void check(HeldRecord<MailRun> held, MailRun run) {
    List<Delivery> now = new ArrayList<>();
    for (Delivery d : run.deliveries()) {
      now.add(d.isFinal() ? d : status(d));
    }
    MailRun checked = run.checked(now);
    Optional<MailRun> done = outcome(checked);
    if (done.isPresent()) {
      held.release(done.get(), null);
    } else {
      held.release(checked, clock.instant().plus(config.deliveryCheckInterval()));
    }
  }

  private Delivery status(Delivery d) {
    ObjectNode ref = JSON.createObjectNode().put("messageId", d.messageId());
    String status = functions.invoke("GetSendStatus", ref).path("status").asText();
    String reason = null;
    if ("dropped".equals(status)) {
      reason =
          functions
              .invoke("DescribeEmail", ref)
              .path("error")
              .path("message")
              .asText("the email service dropped it");
    }
    return new Delivery(d.recipient(), d.messageId(), status, reason);
  }

  /** The run's end once every message is final: SENT if all are out, FAILED naming the others. */
  private Optional<MailRun> outcome(MailRun run) {
    if (!run.deliveries().stream().allMatch(Delivery::isFinal)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    List<Delivery> notOut = run.deliveries().stream().filter(d -> !d.isOut()).toList();
    if (notOut.isEmpty()) {
      return Optional.of(run.sent(now, run.deliveries()));
    }
    StringBuilder why =
        new StringBuilder()
            .append(notOut.size())
            .append(" of ")
            .append(run.deliveries().size())
            .append(" messages were not delivered: ");
    for (int i = 0; i < notOut.size(); i++) {
      Delivery d = notOut.get(i);
      why.append(i == 0 ? "" : "; ")
          .append(d.recipient())
          .append(" (")
          .append(d.reason())
          .append(")");
    }
    return Optional.of(run.failed(now, Echo.cut(why.toString(), 1000), run.deliveries()));
  }
}
