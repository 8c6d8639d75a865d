package io.taskfn.calltask;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * When a task may place calls: inside [{@code start}, {@code end}] and outside every forbidden
 * range, where forbidden ranges are wall-clock times of given weekdays in the account's zone. A
 * pure function of the rules and an instant, with no clock of its own.
 *
 * <p>A range is forbidden by the wall clock: an instant is forbidden when the account's clocks show
 * a time inside a range of that day. So on the day clocks skip an hour, a range inside the skipped
 * hour forbids nothing, and on the day they repeat one, a range over the repeated hour forbids both
 * passes.
 */
public record CallWindow(Instant start, Instant end, ZoneId zone, List<Forbidden> forbidden) {

  /**
   * Beyond this the search stops: if no time is allowed in eight days, no time of the week is, and
   * none ever will be.
   */
  private static final Duration SEARCH_LIMIT = Duration.ofDays(8);

  /**
   * One range of wall-clock time on some weekdays. A range whose end is not after its start runs
   * past midnight into the next day ({@code 22:00-08:00}); {@code 24:00} as an end is midnight.
   *
   * @param days the weekdays the range starts on
   */
  public record Forbidden(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

    boolean crossesMidnight() {
      return !to.isAfter(from);
    }

    /** The wall-clock end of this range if it covers {@code local}, else null. */
    LocalDateTime coveringEnd(LocalDateTime local) {
      LocalDate date = local.toLocalDate();
      LocalTime time = local.toLocalTime();
      if (!crossesMidnight()) {
        return days.contains(date.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to)
            ? date.atTime(to)
            : null;
      }
      if (days.contains(date.getDayOfWeek()) && !time.isBefore(from)) {
        return date.plusDays(1).atTime(to);
      }
      if (days.contains(date.minusDays(1).getDayOfWeek()) && time.isBefore(to)) {
        return date.atTime(to);
      }
      return null;
    }
  }

  /** Whether a call may start at {@code instant}. */
  public boolean allows(Instant instant) {
    return !instant.isBefore(start) && !instant.isAfter(end) && forbiddenUntil(instant) == null;
  }

  /**
   * The earliest instant at or after {@code at} at which a call may start, or empty when there is
   * none before {@code end}.
   */
  public Optional<Instant> nextAllowed(Instant at) {
    Instant t = at.isBefore(start) ? start : at;
    Instant giveUp = t.plus(SEARCH_LIMIT);
    while (!t.isAfter(end)) {
      Instant until = forbiddenUntil(t);
      if (until == null) {
        return Optional.of(t);
      }
      if (until.isAfter(giveUp)) {
        return Optional.empty();
      }
      t = until;
    }
    return Optional.empty();
  }

  /**
   * The first instant after {@code t} that may be allowed, if a range covers {@code t}: the end of
   * the furthest-reaching range covering it, or the zone's next change of offset if that comes
   * first. Up to that change the clocks run with the instant, so the end is where they show it;
   * after it they may show times that no range covers, even times before the end (clocks set back).
   */
  private Instant forbiddenUntil(Instant t) {
    LocalDateTime local = LocalDateTime.ofInstant(t, zone);
    Optional<LocalDateTime> wallClockEnd =
        forbidden.stream()
            .map(range -> range.coveringEnd(local))
            .filter(Objects::nonNull)
            .max(Comparator.naturalOrder());
    if (wallClockEnd.isEmpty()) {
      return null;
    }
    ZoneRules rules = zone.getRules();
    Instant end = wallClockEnd.get().toInstant(rules.getOffset(t));
    ZoneOffsetTransition change = rules.nextTransition(t);
    return change != null && change.getInstant().isBefore(end) ? change.getInstant() : end;
  }
}
