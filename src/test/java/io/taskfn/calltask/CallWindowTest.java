package io.taskfn.calltask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.api.ApiException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Worked examples of the call window: the vendor's weekdays, midnight, clock changes. */
class CallWindowTest {

  private static final ZoneId UTC8 = ZoneId.of("+08:00");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static CallWindow window(ZoneId zone, List<ForbidTimes.Item> items) {
    return new CallWindow(
        Instant.parse("2026-01-01T00:00:00Z"),
        Instant.parse("2026-12-31T00:00:00Z"),
        zone,
        ForbidTimes.parse(items));
  }

  @Test
  void weekdayOneIsSundayAndSevenSaturday() {
    assertEquals(DayOfWeek.SUNDAY, ForbidTimes.dayOfWeek(1));
    assertEquals(DayOfWeek.MONDAY, ForbidTimes.dayOfWeek(2));
    assertEquals(DayOfWeek.SATURDAY, ForbidTimes.dayOfWeek(7));
    // The seed's example: 10:00-11:00 on weekday 3, a Tuesday. 2 June 2026 is a Tuesday.
    CallWindow w = window(UTC8, List.of(new ForbidTimes.Item(List.of(3), List.of("10:00-11:00"))));
    assertFalse(w.allows(Instant.parse("2026-06-02T02:30:00Z")), "Tuesday 10:30 in UTC+8");
    assertTrue(w.allows(Instant.parse("2026-06-01T02:30:00Z")), "Monday 10:30");
    assertEquals(
        Optional.of(Instant.parse("2026-06-02T03:00:00Z")),
        w.nextAllowed(Instant.parse("2026-06-02T02:00:00Z")));
  }

  @Test
  void aRangePastMidnightForbidsTheNextMorningToo() {
    // Friday (6) 21:00 until Saturday 09:00.
    CallWindow w = window(UTC8, List.of(new ForbidTimes.Item(List.of(6), List.of("21:00-09:00"))));
    Instant fridayLate = Instant.parse("2026-06-05T14:00:00Z");
    assertEquals(
        Optional.of(Instant.parse("2026-06-06T01:00:00Z")),
        w.nextAllowed(fridayLate),
        "Saturday 09:00 in UTC+8");
    assertTrue(w.allows(Instant.parse("2026-06-06T14:00:00Z")), "Saturday 22:00 is allowed");
    CallWindow allDay =
        window(UTC8, List.of(new ForbidTimes.Item(List.of(1), List.of("00:00-24:00"))));
    assertEquals(
        Optional.of(Instant.parse("2026-06-07T16:00:00Z")),
        allDay.nextAllowed(Instant.parse("2026-06-07T03:00:00Z")),
        "Sunday is forbidden until Monday 00:00");
  }

  @Test
  void clockChangesFollowTheWallClock() {
    // Berlin springs forward on 29 March 2026 at 02:00 (to 03:00).
    CallWindow spring = window(BERLIN, List.of(new ForbidTimes.Item(null, List.of("01:00-02:30"))));
    assertEquals(
        Optional.of(Instant.parse("2026-03-29T01:00:00Z")),
        spring.nextAllowed(Instant.parse("2026-03-29T00:30:00Z")),
        "01:30 CET is forbidden; the next instant the clocks show 03:00 CEST, past the range");
    // Berlin falls back on 25 October 2026 at 03:00 (to 02:00): 02:00-03:00 happens twice.
    CallWindow autumn = window(BERLIN, List.of(new ForbidTimes.Item(null, List.of("02:00-03:00"))));
    assertFalse(autumn.allows(Instant.parse("2026-10-25T00:30:00Z")), "02:30 CEST");
    assertFalse(autumn.allows(Instant.parse("2026-10-25T01:30:00Z")), "02:30 CET, the second time");
    assertEquals(
        Optional.of(Instant.parse("2026-10-25T02:00:00Z")),
        autumn.nextAllowed(Instant.parse("2026-10-25T00:30:00Z")),
        "03:00 CET, after both passes");
  }

  @Test
  void theWindowBoundsEverything() {
    CallWindow w =
        new CallWindow(
            Instant.parse("2026-06-01T01:00:00Z"),
            Instant.parse("2026-06-01T02:00:00Z"),
            UTC8,
            ForbidTimes.parse(List.of(new ForbidTimes.Item(null, List.of("09:30-12:00")))));
    assertEquals(
        Optional.of(Instant.parse("2026-06-01T01:00:00Z")),
        w.nextAllowed(Instant.parse("2026-06-01T00:00:00Z")));
    assertEquals(
        Optional.empty(),
        w.nextAllowed(Instant.parse("2026-06-01T01:30:00Z")),
        "forbidden from 09:30 until past EndTime");
  }

  @Test
  void badRangesAreRejectedByName() {
    for (String bad : List.of("24:00-01:00", "10:60-11:00", "10:00-24:30", "08:00-08:00", "x")) {
      ApiException e =
          assertThrows(
              ApiException.class,
              () -> ForbidTimes.parse(List.of(new ForbidTimes.Item(null, List.of(bad)))));
      assertEquals("ForbidTimeList[0].Times[0]", e.target(), bad);
    }
    ApiException day =
        assertThrows(
            ApiException.class,
            () ->
                ForbidTimes.parse(
                    List.of(new ForbidTimes.Item(List.of(8), List.of("10:00-11:00")))));
    assertEquals("ForbidTimeList[0].Weekdays", day.target());
  }
}
