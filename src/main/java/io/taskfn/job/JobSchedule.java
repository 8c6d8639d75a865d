package io.taskfn.job;

import io.taskfn.api.BadInputException;
import io.taskfn.api.Echo;
import io.taskfn.dispatch.CronTimes;
import io.taskfn.dispatch.FireTimes;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * When a job fires next. Cron expressions are Quartz's (seconds first), as SchedulerX's are; a
 * fixed rate is a number of seconds; a one-time job fires once at {@code yyyy-MM-dd HH:mm:ss} (in
 * the job's time zone) or at an epoch-millisecond instant.
 */
public final class JobSchedule implements FireTimes {

  /**
   * {@code yyyy-MM-dd HH:mm:ss} with a year of exactly four digits, and only dates that exist (the
   * default resolver takes February 30 for February 28, and {@code yyyy} takes a year of nine
   * digits and a sign, whose instant overflows epoch milliseconds).
   */
  private static final DateTimeFormatter ONE_TIME_FORMAT =
      new DateTimeFormatterBuilder()
          .appendValue(ChronoField.YEAR, 4)
          .appendPattern("-MM-dd HH:mm:ss")
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT);

  /** The last epoch millisecond a one-time job may name: the end of year 9999, as in text. */
  static final Instant LATEST_ONE_TIME = Instant.parse("9999-12-31T23:59:59.999Z");

  /** The longest fixed rate, about 68 years: every next fire stays a representable time. */
  static final long MAX_RATE_SECONDS = Integer.MAX_VALUE;

  private final TimeType type;
  private final CronTimes cron;
  private final long rateSeconds;
  private final Instant oneTime;
  private final ZoneId zone;

  private JobSchedule(
      TimeType type, CronTimes cron, long rateSeconds, Instant oneTime, ZoneId zone) {
    this.type = type;
    this.cron = cron;
    this.rateSeconds = rateSeconds;
    this.oneTime = oneTime;
    this.zone = zone;
  }

  /** Parses and checks a job's schedule, naming the parameter at fault when it is wrong. */
  public static JobSchedule of(TimeType type, String expression, String timezone) {
    ZoneId zone = zone(timezone);
    return switch (type) {
      case API -> new JobSchedule(type, null, 0, null, zone);
      case CRON -> new JobSchedule(type, cron(expression, zone), 0, null, zone);
      case FIXED_RATE -> new JobSchedule(type, null, rate(expression), null, zone);
      case ONE_TIME -> new JobSchedule(type, null, 0, oneTime(expression, zone), zone);
    };
  }

  /** The zone the schedule's times are read in. */
  public ZoneId zone() {
    return zone;
  }

  private static ZoneId zone(String timezone) {
    if (timezone == null || timezone.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw BadInputException.of(
          "Timezone",
          "The parameter Timezone is not a known time zone: " + Echo.of(timezone) + ".");
    }
  }

  private static CronTimes cron(String expression, ZoneId zone) {
    requireExpression(expression, "a Quartz cron expression");
    try {
      return CronTimes.parse(CronTimes.Dialect.QUARTZ, expression, zone);
    } catch (IllegalArgumentException e) {
      throw BadInputException.of(
          "TimeExpression",
          "The parameter TimeExpression is not a valid cron expression ("
              + Echo.of(e.getMessage())
              + ").");
    }
  }

  private static long rate(String expression) {
    requireExpression(expression, "a number of seconds");
    try {
      long seconds = Long.parseLong(expression.trim());
      if (seconds >= 1 && seconds <= MAX_RATE_SECONDS) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below, as a number out of range is
    }
    throw BadInputException.of(
        "TimeExpression",
        "The parameter TimeExpression of a fixed-rate job must be a whole number of seconds from 1"
            + " to "
            + MAX_RATE_SECONDS
            + ".");
  }

  private static Instant oneTime(String expression, ZoneId zone) {
    requireExpression(expression, "a time");
    String value = expression.trim();
    try {
      if (!value.chars().allMatch(Character::isDigit)) {
        return LocalDateTime.parse(value, ONE_TIME_FORMAT).atZone(zone).toInstant();
      }
      long millis = Long.parseLong(value);
      if (millis <= LATEST_ONE_TIME.toEpochMilli()) {
        return Instant.ofEpochMilli(millis);
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      // reported below, as a time out of range is
    }
    throw BadInputException.of(
        "TimeExpression",
        "The parameter TimeExpression of a one-time job must be a date that exists as"
            + " yyyy-MM-dd HH:mm:ss (a four-digit year) or epoch milliseconds, at most "
            + LATEST_ONE_TIME.toEpochMilli()
            + ".");
  }

  private static void requireExpression(String expression, String what) {
    if (expression == null || expression.isBlank()) {
      throw BadInputException.of(
          "TimeExpression", "The parameter TimeExpression is required: " + what + ".");
    }
  }

  /**
   * Rejects a cron expression that names no time after {@code now} (February 30, a year gone by): a
   * job saved with it would never run.
   */
  public JobSchedule requireFireAfter(Instant now) {
    if (type == TimeType.CRON && !firesAfter(now)) {
      throw BadInputException.of(
          "TimeExpression",
          "The parameter TimeExpression names no time after now: the job would never run.");
    }
    return this;
  }

  @Override
  public Optional<Instant> nextFireAfter(Instant after) {
    return switch (type) {
      case API -> Optional.empty();
      case CRON -> cron.nextFireAfter(after);
      case FIXED_RATE -> Optional.of(after.plusSeconds(rateSeconds));
      case ONE_TIME -> oneTime.isAfter(after) ? Optional.of(oneTime) : Optional.empty();
    };
  }
}
