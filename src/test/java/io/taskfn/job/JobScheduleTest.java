package io.taskfn.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.api.BadInputException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobScheduleTest {

  private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

  @ParameterizedTest
  @CsvSource({
    "'0 */5 * * * ?', UTC, 2026-03-01T12:05:00Z",
    "'0 0 9 * * ?', UTC, 2026-03-02T09:00:00Z",
    "'0 0 9 * * ?', Asia/Shanghai, 2026-03-02T01:00:00Z",
    "'30 0 12 ? * MON-FRI', UTC, 2026-03-02T12:00:30Z",
  })
  void cronExpressionsAreQuartzWithSecondsInTheJobsZone(String cron, String zone, String next) {
    JobSchedule schedule = JobSchedule.of(TimeType.CRON, cron, zone);
    assertEquals(Optional.of(Instant.parse(next)), schedule.nextFireAfter(NOON));
  }

  @Test
  void fixedRateFiresEveryNSeconds() {
    JobSchedule schedule = JobSchedule.of(TimeType.FIXED_RATE, "90", null);
    assertEquals(Optional.of(NOON.plusSeconds(90)), schedule.nextFireAfter(NOON));
  }

  @Test
  void oneTimeFiresOnceAtItsTime() {
    JobSchedule local = JobSchedule.of(TimeType.ONE_TIME, "2026-03-01 20:00:00", "Asia/Shanghai");
    assertEquals(Optional.of(NOON), local.nextFireAfter(NOON.minusSeconds(1)));
    assertEquals(Optional.empty(), local.nextFireAfter(NOON));
    JobSchedule epoch = JobSchedule.of(TimeType.ONE_TIME, Long.toString(NOON.toEpochMilli()), null);
    assertEquals(Optional.of(NOON), epoch.nextFireAfter(NOON.minusSeconds(5)));
  }

  @Test
  void apiJobsNeverFireByThemselves() {
    assertEquals(Optional.empty(), JobSchedule.of(TimeType.API, null, null).nextFireAfter(NOON));
  }

  @ParameterizedTest
  @CsvSource({
    "1, '', TimeExpression, Quartz",
    "1, '* * *', TimeExpression, cron",
    "3, '0', TimeExpression, from 1 to 2147483647",
    "3, '2147483648', TimeExpression, from 1 to 2147483647",
    "3, '9223372036854775807', TimeExpression, from 1 to 2147483647",
    "3, '99999999999999999999', TimeExpression, from 1 to 2147483647",
    "3, 'soon', TimeExpression, whole number",
    "5, '2026/01/01', TimeExpression, yyyy-MM-dd",
    "5, '+999999999-12-31 23:59:59', TimeExpression, four-digit year",
    "5, '10000-01-01 00:00:00', TimeExpression, four-digit year",
    "5, '2026-02-30 00:00:00', TimeExpression, a date that exists",
    "5, '253402300800000', TimeExpression, at most 253402300799999",
    "5, '9223372036854775807', TimeExpression, at most 253402300799999",
    "5, '99999999999999999999', TimeExpression, epoch milliseconds",
    "1, '1970-2099/ 59L-3 *4 MON5L MON *9 -1', TimeExpression, not a valid cron expression",
  })
  void badExpressionsNameTheParameterAndTheRule(
      int timeType, String expression, String parameter, String rule) {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> JobSchedule.of(TimeType.fromCode(timeType), expression, null));
    assertEquals(parameter, e.target());
    assertTrue(e.getMessage().contains(rule), e.getMessage());
  }

  @Test
  void theLatestTimesThatAreAcceptedStillHaveANextFire() {
    JobSchedule rate = JobSchedule.of(TimeType.FIXED_RATE, "2147483647", null);
    assertEquals(Optional.of(NOON.plusSeconds(Integer.MAX_VALUE)), rate.nextFireAfter(NOON));
    JobSchedule last = JobSchedule.of(TimeType.ONE_TIME, "9999-12-31 23:59:59", "Etc/GMT+12");
    assertEquals(Optional.of(Instant.parse("+10000-01-01T11:59:59Z")), last.nextFireAfter(NOON));
    assertEquals(
        Optional.of(JobSchedule.LATEST_ONE_TIME),
        JobSchedule.of(TimeType.ONE_TIME, "253402300799999", null).nextFireAfter(NOON));
  }

  @ParameterizedTest
  @CsvSource({
    "'0 0 0 30 2 ?'",
    "'0 0 0 31 4,6,9,11 ?'",
    "'0 0 0 1 1 ? 2020'",
    "'0 0 0 ? 2 MON#5 2027'"
  })
  void aCronExpressionThatNeverFiresAgainIsRejectedWhenSaved(String cron) {
    JobSchedule schedule = JobSchedule.of(TimeType.CRON, cron, null);
    BadInputException never =
        assertThrows(BadInputException.class, () -> schedule.requireFireAfter(NOON));
    assertEquals("TimeExpression", never.target());
    assertEquals(
        "The parameter TimeExpression names no time after now: the job would never run.",
        never.getMessage());
    JobSchedule.of(TimeType.CRON, "0 0 0 29 2 ?", null).requireFireAfter(NOON);
  }

  @Test
  void unknownTimeTypesAndZonesAreRejected() {
    assertEquals(
        "TimeType", assertThrows(BadInputException.class, () -> TimeType.fromCode(2)).target());
    assertEquals(
        "Timezone",
        assertThrows(BadInputException.class, () -> JobSchedule.of(TimeType.API, null, "Mars/Base"))
            .target());
  }
}
