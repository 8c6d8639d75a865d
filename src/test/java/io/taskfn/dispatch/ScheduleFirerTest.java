package io.taskfn.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoredRecord;
import io.taskfn.store.TypedRepository;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestDispatchConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleFirerTest {

  private static final Instant T0 = Instant.parse("2026-09-01T00:00:00Z");
  private static final ZoneId UTC = ZoneId.of("UTC");

  /** A schedule that counts its fires; "stop" makes it fire no more, "break" makes a fire fail. */
  public record Tick(String mode, int fires) {}

  private final MutableClock clock = new MutableClock(T0);
  private final StoreBackend store = new InMemoryStoreBackend();
  private final TypedRepository<Tick> ticks = new TypedRepository<>(store, "tick", Tick.class);
  private final List<Instant> fireTimes = new ArrayList<>();
  private final FireTimes everyMinute =
      CronTimes.parse(CronTimes.Dialect.SECONDS_FIRST, "0 * * * * *", UTC);
  private Dispatcher dispatcher;

  private final class Ticker extends ScheduleFirer<Tick> {
    Ticker() {
      super(ticks, clock);
    }

    @Override
    protected Tick failed(Tick tick, RuntimeException cause) {
      return new Tick("failed", tick.fires());
    }

    @Override
    protected Fired<Tick> fire(Tick tick, Instant fireTime) {
      if (tick.mode().equals("break")) {
        throw new IllegalStateException("store refused");
      }
      fireTimes.add(fireTime);
      Tick fired = new Tick(tick.mode(), tick.fires() + 1);
      return tick.mode().equals("stop") ? Fired.stop(fired) : Fired.goOn(fired, everyMinute);
    }
  }

  private StoredRecord dispatchAt(Instant now) throws InterruptedException {
    clock.set(now);
    dispatcher.runUntilIdle(Duration.ofSeconds(10));
    return ticks.find("t", "s").orElseThrow().record();
  }

  private void start(String mode, Instant firstFire) {
    ticks.insert("t", "s", new Tick(mode, 0), firstFire);
    dispatcher =
        new Dispatcher(
            store, clock, new TestDispatchConfig(Duration.ofSeconds(30), 2), List.of(new Ticker()));
  }

  @AfterEach
  void stop() {
    if (dispatcher != null) {
      dispatcher.stop();
    }
  }

  @Test
  void aScheduleFiresOnceForEachTimeAndIsDueAtTheNext() throws InterruptedException {
    start("go", T0.plusSeconds(60));
    StoredRecord early = dispatchAt(T0.plusSeconds(59));
    assertEquals(List.of(), fireTimes, "not before its time");
    assertEquals(T0.plusSeconds(60), early.dueAt());

    StoredRecord after = dispatchAt(T0.plusSeconds(60));
    StoredRecord again = dispatchAt(T0.plusSeconds(61));
    assertEquals(List.of(T0.plusSeconds(60)), fireTimes, "once for its time");
    assertEquals(T0.plusSeconds(120), after.dueAt());
    assertEquals(after.version(), again.version(), "nothing more happened");
    assertNull(after.leaseOwner(), "let go");
    assertEquals(1, ticks.decode(after).fires());
  }

  @Test
  void aFireMissedWhileNoServerRanFiresOnceLateThenTheScheduleGoesOnFromNow()
      throws InterruptedException {
    start("go", T0.plusSeconds(60));
    StoredRecord after = dispatchAt(T0.plusSeconds(60 * 5 + 30));
    assertEquals(List.of(T0.plusSeconds(60)), fireTimes, "one late fire, not five");
    assertEquals(T0.plusSeconds(60 * 6), after.dueAt());
  }

  @Test
  void theNextFireFollowsBothTheFireTimeAndNow() {
    Instant fire = T0.plusSeconds(60);
    assertEquals(
        T0.plusSeconds(120), ScheduleFirer.nextFire(everyMinute, fire, fire.minusSeconds(2)));
    assertEquals(T0.plusSeconds(120), ScheduleFirer.nextFire(everyMinute, fire, fire));
    assertEquals(
        T0.plusSeconds(600), ScheduleFirer.nextFire(everyMinute, fire, T0.plusSeconds(599)));
    assertNull(ScheduleFirer.nextFire(after -> Optional.empty(), fire, fire));
  }

  @Test
  void aScheduleThatStopsIsNotDueAnyMore() throws InterruptedException {
    start("stop", T0);
    StoredRecord after = dispatchAt(T0);
    assertEquals(List.of(T0), fireTimes);
    assertNull(after.dueAt());
  }

  @Test
  void aFailedFireIsTriedAgainLater() throws InterruptedException {
    start("break", T0);
    StoredRecord after = dispatchAt(T0);
    assertEquals(T0.plus(ScheduleFirer.RETRY_FAILED_FIRE), after.dueAt());
    assertEquals("failed", ticks.decode(after).mode());
  }

  @Test
  void aFireWhoseScheduleChangedMeanwhileSetsNoFireTime() throws InterruptedException {
    Instant rescheduled = T0.plusSeconds(3600);
    ticks.insert("t", "s", new Tick("go", 0), T0);
    dispatcher =
        new Dispatcher(
            store,
            clock,
            new TestDispatchConfig(Duration.ofSeconds(30), 1),
            List.of(
                new ScheduleFirer<Tick>(ticks, clock) {
                  @Override
                  protected Tick failed(Tick tick, RuntimeException cause) {
                    return tick;
                  }

                  @Override
                  protected Fired<Tick> fire(Tick tick, Instant fireTime) {
                    ticks.updateAndLetGo("t", "s", t -> new Tick("changed", 0), t -> rescheduled);
                    return Fired.goOn(new Tick("go", 1), everyMinute);
                  }
                }));
    StoredRecord after = dispatchAt(T0);
    assertEquals(rescheduled, after.dueAt());
    assertEquals("changed", ticks.decode(after).mode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 * * * * *", "30 9 * * * *", "0 0 10 1 * ?", "0 0/5 * ? * MON-FRI"})
  void secondsFirstCronTakesTheVendorsExamples(String cron) {
    assertTrue(CronTimes.parse(CronTimes.Dialect.SECONDS_FIRST, cron, UTC).firesAfter(T0));
  }

  @Test
  void cronTimesAreReadInTheSchedulesZone() {
    FireTimes shanghai =
        CronTimes.parse(CronTimes.Dialect.QUARTZ, "0 0 8 * * ?", ZoneId.of("Asia/Shanghai"));
    assertEquals(Optional.of(Instant.parse("2026-09-02T00:00:00Z")), shanghai.nextFireAfter(T0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "* * *", "0 * * * * * * *", "1970-2099/ 59L-3 *4 MON5L MON *9 -1"})
  void textThatIsNoCronExpressionIsRefusedAsAnIllegalArgument(String cron) {
    assertThrows(
        IllegalArgumentException.class,
        () -> CronTimes.parse(CronTimes.Dialect.SECONDS_FIRST, cron, UTC));
    assertThrows(
        IllegalArgumentException.class, () -> CronTimes.parse(CronTimes.Dialect.QUARTZ, cron, UTC));
  }

  @Test
  void quartzWantsOneDayFieldLeftOpen() {
    assertThrows(
        IllegalArgumentException.class,
        () -> CronTimes.parse(CronTimes.Dialect.QUARTZ, "0 * * * * *", UTC));
  }
}
