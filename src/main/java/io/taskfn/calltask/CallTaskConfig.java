package io.taskfn.calltask;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** Settings of outbound call tasks: the account's rules and the dialer. */
@ConfigMapping(prefix = "taskfn.calltask")
public interface CallTaskConfig {

  /** The zone of StartTime, EndTime and ForbidTimeList: the vendor's accounts are UTC+8. */
  @WithDefault("+08:00")
  ZoneId zone();

  /** Where numbers written without a country code are taken to be (ISO 3166 code). */
  @WithDefault("CN")
  String phoneRegion();

  /** The {@code Region} answers name. */
  @WithDefault("cn-north-1")
  String region();

  /** How many tasks of an account may run at once, as the vendor allows. */
  @WithDefault("50")
  int maxRunningTasks();

  /** The highest {@code Concurrency} a task of the account may have. */
  @WithDefault("100")
  int concurrencyQuota();

  /** The highest {@code RingAgainTimes}. */
  @WithDefault("5")
  int maxRingAgainTimes();

  Dialing dialer();

  /** How calls are placed. */
  interface Dialing {

    /** {@code simulated} (the default: every call answered), {@code webhook} or {@code sip}. */
    @WithDefault("simulated")
    String type();

    /** The webhook dialer POSTs each call here and reads its outcome from the answer. */
    Optional<URI> webhookUrl();

    /** How long the webhook may take to answer for one call. */
    @WithDefault("120s")
    Duration webhookTimeout();

    /** The SIP proxy or trunk every INVITE goes through, {@code host:port}. */
    Optional<String> sipProxy();

    /** How SIP messages travel to and from the proxy: {@code udp} or {@code tcp}. */
    @WithDefault("udp")
    String sipTransport();

    /** The address the SIP dialer listens on; it must be reachable from the proxy. */
    @WithDefault("127.0.0.1")
    String sipAddress();

    /** The port the SIP dialer listens on; 0 picks a free one. */
    @WithDefault("0")
    int sipPort();

    /**
     * Where the SIP dialer finds the audio a Type 0 resource plays: {@code
     * <audio-dir>/<Resource>.wav}, 8 kHz mono.
     */
    Optional<Path> audioDir();

    /**
     * How long an answered SIP call lasts before taskfn hangs up when it has no audio to play (a
     * TTS resource, no audio directory or file): taskfn then holds the call silent.
     */
    @WithDefault("10s")
    Duration playDuration();

    /**
     * How often a server reads the state of the tasks it places calls for, to end the calls of a
     * task StopTask stopped on another server (on the server that answered StopTask they end at
     * once).
     */
    @WithDefault("2s")
    Duration stopCheck();
  }
}
