package io.taskfn.mail;

import static io.taskfn.mail.MailCalls.alice;
import static io.taskfn.mail.MailCalls.call;
import static io.taskfn.mail.MailCalls.create;
import static io.taskfn.mail.MailCalls.finish;
import static io.taskfn.mail.MailCalls.latestStatus;
import static io.taskfn.mail.MailCalls.ref;
import static io.taskfn.mail.MailCalls.task;
import static io.taskfn.mail.MailCalls.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.MutableClock;
import jakarta.inject.Inject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import org.junit.jupiter.api.Test;

/** Scheduled runs go through the dispatcher on the task's days, in its time zone, under a clock. */
@QuarkusTest
@TestProfile(MailTestProfile.class)
class MailScheduleTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Inject Dispatcher dispatcher;
  @Inject MutableClock clock;

  private void at(ZonedDateTime time) throws InterruptedException {
    clock.set(time.toInstant());
    dispatcher.runUntilIdle(Duration.ofSeconds(30));
  }

  private static ObjectNode weekly(String name, boolean paused) {
    return task(
        alice(),
        name,
        spec -> {
          spec.put("Paused", paused);
          ObjectNode schedule = spec.putObject("Schedule");
          schedule.put("Type", "weekly");
          schedule.put("Time", "09:00");
          schedule.putArray("WeekDays").add(1).add(4);
          schedule.put("TimeZone", "Asia/Shanghai");
        });
  }

  private static String execTime(String mailId) {
    return call("GetMailTaskStatus", ref(alice(), mailId))
        .statusCode(200)
        .extract()
        .path("Result[0].execTime");
  }

  @Test
  void aScheduledFireWithinTheMinimumIntervalOfTheLastRunIsSkippedAndSaysWhy() throws Exception {
    ZonedDateTime start =
        clock.instant().atZone(SHANGHAI).plusDays(1).truncatedTo(ChronoUnit.DAYS).withHour(8);
    at(start);
    String hourly =
        create(
            task(
                alice(),
                unique("Hourly, at most every 90 minutes"),
                spec -> {
                  spec.put("MinIntervalMinutes", 90);
                  ObjectNode schedule = spec.putObject("Schedule");
                  schedule.put("Type", "cron");
                  schedule.put("Cron", "0 0 * * * ?");
                  schedule.put("TimeZone", "Asia/Shanghai");
                }));
    at(start.plusHours(1));
    assertEquals(MailService.TIME.format(start.plusHours(1)), execTime(hourly));
    assertEquals("SENT", finish(dispatcher, clock, alice(), hourly));
    at(start.plusHours(2));
    assertEquals(MailService.TIME.format(start.plusHours(1)), execTime(hourly), "skipped");
    String outcome =
        call("DescribeMailTask", ref(alice(), hourly))
            .statusCode(200)
            .body("Result.NextFireTime", equalTo(MailService.TIME.format(start.plusHours(3))))
            .extract()
            .path("Result.LastFireOutcome");
    assertTrue(
        outcome.endsWith("was skipped: the last run started less than 90 minutes before"), outcome);
    at(start.plusHours(3));
    assertEquals(MailService.TIME.format(start.plusHours(3)), execTime(hourly));
  }

  @Test
  void aWeeklyTaskRunsOnItsDaysAtItsTimeInItsZoneAndAPausedOneDoesNot() throws Exception {
    ZonedDateTime sunday =
        clock
            .instant()
            .atZone(SHANGHAI)
            .plusDays(2)
            .with(TemporalAdjusters.next(DayOfWeek.SUNDAY))
            .withHour(12)
            .truncatedTo(ChronoUnit.HOURS);
    at(sunday);
    String weekly = create(weekly(unique("Monday and Thursday"), false));
    String paused = create(weekly(unique("Paused weekly"), true));
    ZonedDateTime monday9 = sunday.plusDays(1).withHour(9);
    call("DescribeMailTask", ref(alice(), weekly))
        .statusCode(200)
        .body("Result.CronExpression", equalTo("0 0 9 ? * MON,THU"))
        .body("Result.NextFireTime", equalTo(MailService.TIME.format(monday9)));

    at(monday9.minusMinutes(1));
    assertNull(latestStatus(alice(), weekly), "not before its time");
    at(monday9);
    assertEquals(MailService.TIME.format(monday9), execTime(weekly), "09:00 in Shanghai");
    assertEquals("SENT", finish(dispatcher, clock, alice(), weekly));
    String mondayRun =
        call("GetMailTaskStatus", ref(alice(), weekly)).extract().path("Result[0].taskId");

    at(monday9.plusDays(1));
    assertEquals(
        mondayRun,
        call("GetMailTaskStatus", ref(alice(), weekly)).extract().path("Result[0].taskId"),
        "no run on Tuesday");
    ZonedDateTime thursday9 = monday9.plusDays(3);
    at(thursday9);
    assertEquals(MailService.TIME.format(thursday9), execTime(weekly));
    call("GetMailTaskStatus", ref(alice(), weekly).put("TaskId", mondayRun))
        .statusCode(200)
        .body("Result.size()", equalTo(1))
        .body("Result[0].taskId", equalTo(mondayRun))
        .body("Result[0].status", equalTo("SENT"))
        .body("Result[0].execTime", equalTo(MailService.TIME.format(monday9)));

    assertNull(latestStatus(alice(), paused), "a paused task does not run");
    call("DescribeMailTask", ref(alice(), paused))
        .statusCode(200)
        .body("Result.NextFireTime", equalTo(null));
    call("ResumeMailTask", ref(alice(), paused)).statusCode(200);
    call("DescribeMailTask", ref(alice(), paused))
        .statusCode(200)
        .body("Result.NextFireTime", equalTo(MailService.TIME.format(monday9.plusWeeks(1))));
    at(monday9.plusWeeks(1));
    assertEquals(MailService.TIME.format(monday9.plusWeeks(1)), execTime(paused));
  }
}
