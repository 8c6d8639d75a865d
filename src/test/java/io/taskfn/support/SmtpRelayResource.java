package io.taskfn.support;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * GreenMail, a real SMTP server, in-process on a free loopback port, behind a {@link ScriptedRelay}
 * that taskfn's mailer is pointed at; both are injected into the test's fields of their types.
 */
public class SmtpRelayResource implements QuarkusTestResourceLifecycleManager {

  /** The sender domains the tests' deployment has linked. */
  public static final String DOMAINS = "taskfn.test,reports.taskfn.test";

  private GreenMail greenMail;
  private ScriptedRelay relay;

  @Override
  public Map<String, String> start() {
    greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    greenMail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
    greenMail.start();
    relay = new ScriptedRelay(greenMail.getSmtp().getPort());
    return Map.of(
        "quarkus.mailer.mock", "false",
        "quarkus.mailer.host", "127.0.0.1",
        "quarkus.mailer.port", Integer.toString(relay.port()),
        "quarkus.mailer.start-tls", "DISABLED",
        // a connection per message, so each attempt meets the relay as the test set it
        "quarkus.mailer.keep-alive", "false",
        "taskfn.email.sender-domains", DOMAINS,
        // under the tests' 1M HTTP body limit, so an oversized message reaches the family's check
        "taskfn.email.max-request-size", "100K");
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(greenMail, new TestInjector.MatchesType(GreenMail.class));
    injector.injectIntoFields(relay, new TestInjector.MatchesType(ScriptedRelay.class));
  }

  @Override
  public void stop() {
    relay.close();
    greenMail.stop();
  }
}
