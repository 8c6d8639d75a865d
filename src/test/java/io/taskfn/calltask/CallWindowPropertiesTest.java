package io.taskfn.calltask;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link CallWindow#nextAllowed} against the rule stated plainly: an instant is allowed when it is
 * inside the task's window and the account's clocks show no forbidden time of that weekday (or the
 * tail of one that began the day before). Generated over zones with and without daylight saving,
 * ranges that cross midnight, and instants around clock changes.
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

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<CallWindow.Forbidden> range =
        Combinators.combine(
                Arbitraries.of(DayOfWeek.class).set().ofMaxSize(7),
                Arbitraries.integers().between(0, 24 * 4 - 1),
                Arbitraries.integers().between(1, 24 * 4 - 1))
            .as(
                (days, from, length) -> {
                  LocalTime start = LocalTime.MIDNIGHT.plusMinutes(15L * from);
                  return new CallWindow.Forbidden(
                      days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : days,
                      start,
                      start.plusMinutes(15L * length));
                });
    return Combinators.combine(
            Arbitraries.of(ZONES),
            Arbitraries.of(AROUND),
            Arbitraries.longs().between(-3 * 86_400, 3 * 86_400),
            Arbitraries.longs().between(0, 10 * 86_400),
            range.list().ofMaxSize(4),
            Arbitraries.longs().between(-86_400, 5 * 86_400))
        .as(
            (zone, around, startOffset, length, ranges, atOffset) -> {
              Instant start = around.plusSeconds(startOffset);
              return new Case(
                  new CallWindow(start, start.plusSeconds(length), zone, ranges),
                  start.plusSeconds(atOffset));
            });
  }

  @Property(tries = 400)
  void theAnswerIsAllowedAndNothingEarlierIs(@ForAll("cases") Case c) {
    CallWindow w = c.window();
    Instant from = c.at().isBefore(w.start()) ? w.start() : c.at();
    Optional<Instant> next = w.nextAllowed(c.at());
    if (next.isPresent()) {
      Instant t = next.get();
      assertFalse(t.isBefore(from), "not before the instant asked about or the start");
      assertFalse(t.isAfter(w.end()), "not after the end");
      assertTrue(allowedByTheRule(w, t), () -> t + " is forbidden in " + w);
      assertTrue(w.allows(t));
      noAllowedMinuteIn(w, from, t);
    } else {
      Instant until =
          w.end().isBefore(from.plus(Duration.ofDays(8))) ? w.end() : from.plusSeconds(8 * 86_400);
      noAllowedMinuteIn(w, from, until.plusNanos(1));
    }
  }

  @Property(tries = 300)
  void allowsAgreesWithTheRule(@ForAll("cases") Case c) {
    assertTrue(c.window().allows(c.at()) == allowedByTheRule(c.window(), c.at()));
  }

  private static void noAllowedMinuteIn(CallWindow w, Instant from, Instant before) {
    for (Instant t = from;
        t.isBefore(before);
        t = t.truncatedTo(ChronoUnit.MINUTES).plusSeconds(60)) {
      Instant probe = t;
      assertFalse(
          allowedByTheRule(w, probe) && !probe.isBefore(w.start()) && !probe.isAfter(w.end()),
          () -> probe + " is allowed, earlier than the answer, in " + w);
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
