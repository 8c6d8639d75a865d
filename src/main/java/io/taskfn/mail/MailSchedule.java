package io.taskfn.mail;

import io.taskfn.dispatch.CronTimes;
import io.taskfn.dispatch.FireTimes;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * When a mail task runs. Daily, weekly and monthly schedules are written as the Quartz cron
 * expressions they stand for, so one tested library decides every fire time, in the task's zone (a
 * time that a daylight-saving change skips fires at the next time that exists, as Quartz does).
 */
public final class MailSchedule implements FireTimes {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
  private static final String[] DAY_NAMES = {"MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"};

  private final String cron;
  private final CronTimes times;

  private MailSchedule(String cron, CronTimes times) {
    this.cron = cron;
    this.times = times;
  }

  /** Parses and checks a schedule, naming the parameter at fault. */
  public static MailSchedule of(MailTask.Schedule s) {
    String type = s.type() == null ? null : s.type().trim().toLowerCase(Locale.ROOT);
    if (type == null || type.isEmpty()) {
      throw QuickBiErrors.missing("Schedule.Type");
    }
    ZoneId zone = zone(s.timeZone());
    String cron =
        switch (type) {
          case "daily" -> at(s.time()) + " * * ?";
          case "weekly" -> at(s.time()) + " ? * " + weekDays(s.weekDays());
          case "monthly" -> at(s.time()) + " " + monthDays(s.monthDays()) + " * ?";
          case "cron" -> {
            if (s.cron() == null || s.cron().isBlank()) {
              throw QuickBiErrors.missing("Schedule.Cron");
            }
            yield s.cron().trim();
          }
          default ->
              throw QuickBiErrors.invalid(
                  "Schedule.Type", "must be daily, weekly, monthly or cron, not " + echo(s.type()));
        };
    return new MailSchedule(cron, parse(cron, zone));
  }

  private static ZoneId zone(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      return ZoneId.of("UTC");
    }
    try {
      return ZoneId.of(timeZone.trim());
    } catch (DateTimeException e) {
      throw QuickBiErrors.invalid(
          "Schedule.TimeZone",
          "is not a known time zone (such as Asia/Shanghai): " + echo(timeZone));
    }
  }

  /** Seconds, minutes and hours of {@code HH:mm}. */
  private static String at(String time) {
    if (time == null || time.isBlank()) {
      throw QuickBiErrors.missing("Schedule.Time");
    }
    try {
      LocalTime t = LocalTime.parse(time.trim(), TIME);
      return "0 " + t.getMinute() + " " + t.getHour();
    } catch (DateTimeParseException e) {
      throw QuickBiErrors.invalid(
          "Schedule.Time", "must be a time of day as HH:mm, not " + echo(time));
    }
  }

  private static String weekDays(List<Integer> days) {
    if (days == null || days.isEmpty()) {
      throw QuickBiErrors.missing("Schedule.WeekDays");
    }
    TreeSet<Integer> set = new TreeSet<>();
    for (int i = 0; i < days.size(); i++) {
      Integer day = days.get(i);
      if (day == null || day < 1 || day > 7) {
        throw QuickBiErrors.invalid(
            MailRequests.item("Schedule.WeekDays", i),
            "must be a day from 1 (Monday) to 7 (Sunday), not " + day);
      }
      set.add(day);
    }
    return set.stream().map(d -> DAY_NAMES[d - 1]).collect(Collectors.joining(","));
  }

  private static String monthDays(List<Integer> dates) {
    if (dates == null || dates.isEmpty()) {
      throw QuickBiErrors.missing("Schedule.MonthDays");
    }
    TreeSet<Integer> set = new TreeSet<>();
    for (int i = 0; i < dates.size(); i++) {
      Integer date = dates.get(i);
      if (date == null || date < 1 || date > 31) {
        throw QuickBiErrors.invalid(
            MailRequests.item("Schedule.MonthDays", i), "must be a date from 1 to 31, not " + date);
      }
      set.add(date);
    }
    return set.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static CronTimes parse(String cron, ZoneId zone) {
    try {
      return CronTimes.parse(CronTimes.Dialect.QUARTZ, cron, zone);
    } catch (IllegalArgumentException e) {
      throw QuickBiErrors.invalid(
          "Schedule.Cron", "is not a Quartz cron expression (seconds first): " + echo(cron));
    }
  }

  private static String echo(String value) {
    return io.taskfn.api.Echo.of(value);
  }

  /**
   * Rejects a schedule that names no time after {@code now} (February 30, a year gone by): the task
   * would never run.
   */
  MailSchedule requireFireAfter(Instant now) {
    if (!firesAfter(now)) {
      throw QuickBiErrors.invalid("Schedule", "names no time after now: the task would never run");
    }
    return this;
  }

  @Override
  public Optional<Instant> nextFireAfter(Instant after) {
    return times.nextFireAfter(after);
  }

  /** The Quartz expression the schedule stands for. */
  public String cron() {
    return cron;
  }
}
