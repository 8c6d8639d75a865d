package io.taskfn.mail;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * A mail subscription: what to send to whom, built from which data, when.
 *
 * @param runningTaskId the run that holds the task (at most one at a time), or null; it holds it
 *     while that run is PROCESSING, and for a grace time after {@code runStartTime} while the run
 *     is not yet written (a server that died between the two leaves nothing stuck)
 * @param manualRunTimes when the manual runs within the limit's window started, oldest first
 */
@RegisterForReflection
public record MailTask(
    String mailId,
    String organizationId,
    String subscribeName,
    String ownerUserId,
    Recipients recipients,
    String subject,
    String body,
    Report report,
    Schedule schedule,
    boolean paused,
    boolean skipWhenEmpty,
    Integer minIntervalMinutes,
    Instant createTime,
    Instant updateTime,
    String runningTaskId,
    Instant runStartTime,
    List<Instant> manualRunTimes) {

  /** Addresses, and users of the organization (their addresses as the directory has them). */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Recipients(List<String> addresses, List<String> userIds) {}

  /**
   * The report: its data (inline JSON, or fetched with GET at run time), drawn as a chart embedded
   * in the HTML body, and attached as CSV.
   *
   * @param dataJson a JSON array of row objects, or an object whose {@code rows} is one
   * @param dataUrl an http(s) URL answering such JSON
   */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Report(String dataJson, String dataUrl, Chart chart, Boolean csv) {}

  /**
   * @param type bar, line or pie
   * @param category the column naming each bar, point or slice
   * @param values the numeric columns drawn (pie: the first)
   */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Chart(
      String type,
      String title,
      String category,
      List<String> values,
      Integer width,
      Integer height) {}

  /**
   * @param type daily, weekly, monthly or cron
   * @param time {@code HH:mm} of daily, weekly and monthly schedules
   * @param weekDays weekly: 1 (Monday) to 7 (Sunday)
   * @param monthDays monthly: 1 to 31 (a month without the date is skipped)
   * @param cron cron: a Quartz expression, seconds first
   * @param timeZone the zone of the times, default UTC
   */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Schedule(
      String type,
      String time,
      List<Integer> weekDays,
      List<Integer> monthDays,
      String cron,
      String timeZone) {}

  MailTask with(String newRunningTaskId, Instant newRunStartTime, List<Instant> newManualRunTimes) {
    return new MailTask(
        mailId,
        organizationId,
        subscribeName,
        ownerUserId,
        recipients,
        subject,
        body,
        report,
        schedule,
        paused,
        skipWhenEmpty,
        minIntervalMinutes,
        createTime,
        updateTime,
        newRunningTaskId,
        newRunStartTime,
        newManualRunTimes);
  }

  MailTask paused(boolean newPaused, Instant now) {
    return new MailTask(
        mailId,
        organizationId,
        subscribeName,
        ownerUserId,
        recipients,
        subject,
        body,
        report,
        schedule,
        newPaused,
        skipWhenEmpty,
        minIntervalMinutes,
        createTime,
        now,
        runningTaskId,
        runStartTime,
        manualRunTimes);
  }
}
