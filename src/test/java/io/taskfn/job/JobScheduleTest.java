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
    "3, '0', TimeExpression, at least 1",
    "3, 'soon', TimeExpression, whole number",
    "5, '2026/01/01', TimeExpression, yyyy-MM-dd",
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
  void unknownTimeTypesAndZonesAreRejected() {
    assertEquals(
        "TimeType", assertThrows(BadInputException.class, () -> TimeType.fromCode(2)).target());
    assertEquals(
        "Timezone",
        assertThrows(BadInputException.class, () -> JobSchedule.of(TimeType.API, null, "Mars/Base"))
            .target());
  }
}
