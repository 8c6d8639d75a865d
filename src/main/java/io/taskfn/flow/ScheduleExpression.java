package io.taskfn.flow;

import io.taskfn.api.Echo;
import io.taskfn.dispatch.CronTimes;
import io.taskfn.dispatch.FireTimes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A schedule's CronExpression as CloudFlow reads it: six fields, seconds first ({@code 0 * * * *
 * *}, {@code 0 0 10 1 * ?}), in UTC; or {@code @every <n>m}, a fire every n minutes, as the
 * console's time interval writes it.
 */
final class ScheduleExpression {
  private ScheduleExpression() {}

  private static final Pattern EVERY = Pattern.compile("@every\\s+(\\d{1,6})m");

  /** The longest interval of {@code @every}: a week. */
  static final long MAX_EVERY_MINUTES = Duration.ofDays(7).toMinutes();

  /**
   * Parses an expression, naming CronExpression when it is wrong.
   *
   * @throws io.taskfn.api.BadInputException InvalidArgument
   */
  static FireTimes parse(String expression) {
    String text = expression.trim();
    Matcher every = EVERY.matcher(text);
    if (every.matches()) {
      long minutes = Long.parseLong(every.group(1));
      if (minutes < 1 || minutes > MAX_EVERY_MINUTES) {
        throw FlowErrors.invalid(
            "CronExpression",
            "The parameter CronExpression of the form @every <n>m must name from 1 to "
                + MAX_EVERY_MINUTES
                + " minutes.");
      }
      return after -> Optional.of(after.plus(Duration.ofMinutes(minutes)));
    }
    try {
      return CronTimes.parse(CronTimes.Dialect.SECONDS_FIRST, text, ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      throw FlowErrors.invalid(
          "CronExpression",
          "The parameter CronExpression must be a cron expression of six fields, seconds first"
              + " (such as 0 * * * * *), or @every <n>m: "
              + Echo.of(e.getMessage())
              + ".");
    }
  }

  /** Parses an expression and requires a time after {@code now}: one without would never fire. */
  static FireTimes parseFiring(String expression, Instant now) {
    FireTimes times = parse(expression);
    if (!times.firesAfter(now)) {
      throw FlowErrors.invalid(
          "CronExpression",
          "The parameter CronExpression names no time after now: the schedule would never fire.");
    }
    return times;
  }
}
