package io.taskfn.calltask;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** Call task settings for tests that wire the family by hand. */
record TestCallTaskConfig(
    ZoneId zone,
    String phoneRegion,
    String region,
    int maxRunningTasks,
    int concurrencyQuota,
    int maxRingAgainTimes,
    Dialing dialer)
    implements CallTaskConfig {

  record TestDialing(
      String type,
      Optional<URI> webhookUrl,
      Duration webhookTimeout,
      Optional<String> sipProxy,
      String sipTransport,
      String sipAddress,
      int sipPort,
      Optional<java.nio.file.Path> audioDir,
      Duration playDuration,
      Duration stopCheck)
      implements Dialing {}

  static TestCallTaskConfig defaults() {
    return new TestCallTaskConfig(
        ZoneId.of("+08:00"),
        "CN",
        "cn-north-1",
        50,
        100,
        5,
        new TestDialing(
            "webhook",
            Optional.empty(),
            Duration.ofSeconds(30),
            Optional.empty(),
            "udp",
            "127.0.0.1",
            0,
            Optional.empty(),
            Duration.ofSeconds(1),
            Duration.ofMillis(100)));
  }

  TestCallTaskConfig withZone(ZoneId other) {
    return new TestCallTaskConfig(
        other, phoneRegion, region, maxRunningTasks, concurrencyQuota, maxRingAgainTimes, dialer);
  }

  /** With answered SIP calls held for {@code play}. */
  TestCallTaskConfig withPlayDuration(Duration play) {
    TestDialing d = (TestDialing) dialer;
    return new TestCallTaskConfig(
        zone,
        phoneRegion,
        region,
        maxRunningTasks,
        concurrencyQuota,
        maxRingAgainTimes,
        new TestDialing(
            d.type(),
            d.webhookUrl(),
            d.webhookTimeout(),
            d.sipProxy(),
            d.sipTransport(),
            d.sipAddress(),
            d.sipPort(),
            d.audioDir(),
            play,
            d.stopCheck()));
  }

  TestCallTaskConfig withMaxRunningTasks(int max) {
    return new TestCallTaskConfig(
        zone, phoneRegion, region, max, concurrencyQuota, maxRingAgainTimes, dialer);
  }
}
