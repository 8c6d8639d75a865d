package io.taskfn.mail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the mail subscriptions (Quick BI) family. */
@ConfigMapping(prefix = "taskfn.quickbi")
public interface MailConfig {

  /**
   * The YAML file that defines organizations and their users (see README, "Mail subscriptions"); it
   * is written into the store at start. None: the store keeps what an earlier start wrote.
   */
  Optional<String> organizationsFile();

  Caller caller();

  /** The sender of report mails; its domain must be one of {@code taskfn.email.sender-domains}. */
  @WithDefault("reports@taskfn.local")
  String senderAddress();

  ManualRuns manualRuns();

  /** How long after its messages were handed to the email family a run looks at them again. */
  @WithDefault("5s")
  Duration deliveryCheckInterval();

  /** How long one fetch of a task's report data over HTTP may take. */
  @WithDefault("30s")
  Duration dataTimeout();

  /** The most rows of report data a run takes; more fails the run, named. */
  @WithDefault("10000")
  int maxRows();

  /** The longest rendered subject or body, in characters. */
  @WithDefault("1000000")
  int maxRenderedLength();

  /**
   * Until request signatures bind access keys to callers, a request names its caller in {@code
   * CallerOrganizationId} and {@code CallerUserId}.
   */
  interface Caller {

    /**
     * Whether a request may name its caller; false refuses a request that does (a deployment with
     * one fixed caller, or one that waits for signatures).
     */
    @WithDefault("true")
    boolean fromRequest();

    /** The caller of requests that name none. */
    Optional<String> organizationId();

    Optional<String> userId();
  }

  /** A cap on ManualRunMailTask per task: {@code MailApi.Beyond.ScheduleLimit} past it. */
  interface ManualRuns {

    /** Manual runs of one task within {@link #window()}; 0 turns the cap off. */
    @WithDefault("10")
    int max();

    @WithDefault("60m")
    Duration window();
  }
}
