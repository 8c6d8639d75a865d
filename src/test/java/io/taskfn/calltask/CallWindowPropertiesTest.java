package io.taskfn.calltask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property-based: {@link CallWindow#nextAllowed} against the rule stated plainly, on thousands of
 * rules generated from seeds: an instant is allowed when it is inside the task's window and the
 * account's clocks show no forbidden time of that weekday (or the tail of one that began the day
 * before). Generated over zones with and without daylight saving, ranges that cross midnight, and
 * instants around clock changes.
 */
class CallWindowPropertiesTest {

  private static final List<ZoneId> ZONES =
      List.of(
          ZoneId.of("+08:00"),
          ZoneId.of("UTC"),
          ZoneId.of("Europe/Berlin"),
          ZoneId.of("America/New_York"),
          ZoneId.of("Australia/Lord_Howe"),
          ZoneId.of("America/Santiago"),
          ZoneId.of("Pacific/Chatham"));

  /** Instants near the clock changes of 2026 in the zones above, and anywhere else. */
  private static final List<Instant> AROUND =
      List.of(
          Instant.parse("2026-03-29T00:30:00Z"),
          Instant.parse("2026-10-25T00:30:00Z"),
          Instant.parse("2026-03-08T06:00:00Z"),
          Instant.parse("2026-11-01T05:00:00Z"),
          Instant.parse("2026-04-04T14:00:00Z"),
          Instant.parse("2026-10-03T15:00:00Z"),
          Instant.parse("2026-04-05T02:00:00Z"),
          Instant.parse("2026-09-06T03:00:00Z"),
          Instant.parse("2026-06-15T12:00:00Z"));

  record Case(CallWindow window, Instant at) {}

  /** Cases from a seed, so a failing one can be made again from the seed its message names. */
  static Case generate(long seed) {
    Random random = new Random(seed);
    List<CallWindow.Forbidden> ranges = new ArrayList<>();
    for (int i = random.nextInt(5); i > 0; i--) {
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (DayOfWeek day : DayOfWeek.values()) {
        if (random.nextInt(3) == 0) {
          days.add(day);
        }
      }
      LocalTime from = LocalTime.MIDNIGHT.plusMinutes(15L * random.nextInt(24 * 4));
      LocalTime to = from.plusMinutes(15L * (1 + random.nextInt(24 * 4 - 1)));
      ranges.add(
          new CallWindow.Forbidden(
              days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : days, from, to));
    }
    ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
    Instant start =
        AROUND
            .get(random.nextInt(AROUND.size()))
            .plusSeconds(random.nextInt(6 * 86_400) - 3 * 86_400);
    Instant end = start.plusSeconds(random.nextInt(10 * 86_400));
    Instant at = start.plusSeconds(random.nextInt(6 * 86_400) - 86_400);
    return new Case(new CallWindow(start, end, zone, ranges), at);
  }

  @Test
  void theAnswerIsAllowedAndNothingEarlierIs() {
    for (long seed = 0; seed < 1_500; seed++) {
      Case c = generate(seed);
      String where = "seed " + seed + ": " + c;
      CallWindow w = c.window();
      Instant from = c.at().isBefore(w.start()) ? w.start() : c.at();
      Optional<Instant> next = w.nextAllowed(c.at());
      if (next.isPresent()) {
        Instant t = next.get();
        assertFalse(t.isBefore(from), where);
        assertFalse(t.isAfter(w.end()), where);
        assertTrue(allowedByTheRule(w, t), () -> t + " is forbidden, " + where);
        noAllowedMinuteIn(w, from, t, where);
      } else {
        Instant limit = from.plus(Duration.ofDays(8));
        noAllowedMinuteIn(w, from, (w.end().isBefore(limit) ? w.end() : limit).plusNanos(1), where);
      }
    }
  }

  @Test
  void allowsAgreesWithTheRule() {
    for (long seed = 10_000; seed < 13_000; seed++) {
      Case c = generate(seed);
      assertEquals(
          allowedByTheRule(c.window(), c.at()),
          c.window().allows(c.at()),
          "seed " + seed + ": " + c);
    }
  }

  private static void noAllowedMinuteIn(CallWindow w, Instant from, Instant before, String where) {
    for (Instant t = from;
        t.isBefore(before);
        t = t.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60)) {
      Instant probe = t;
      assertFalse(
          allowedByTheRule(w, probe) && !probe.isBefore(w.start()) && !probe.isAfter(w.end()),
          () -> probe + " is allowed, earlier than the answer, " + where);
    }
  }

  /** The rule as a person states it, written apart from the implementation. */
  static boolean allowedByTheRule(CallWindow w, Instant t) {
    if (t.isBefore(w.start()) || t.isAfter(w.end())) {
      return false;
    }
    LocalDateTime local = LocalDateTime.ofInstant(t, w.zone());
    DayOfWeek today = local.getDayOfWeek();
    DayOfWeek yesterday = today.minus(1);
    LocalTime time = local.toLocalTime();
    for (CallWindow.Forbidden f : w.forbidden()) {
      Set<DayOfWeek> days = f.days();
      boolean crosses = !f.to().isAfter(f.from());
      if (!crosses && days.contains(today) && !time.isBefore(f.from()) && time.isBefore(f.to())) {
        return false;
      }
      if (crosses && days.contains(today) && !time.isBefore(f.from())) {
        return false;
      }
      if (crosses && days.contains(yesterday) && time.isBefore(f.to())) {
        return false;
      }
    }
    return true;
  }
}
