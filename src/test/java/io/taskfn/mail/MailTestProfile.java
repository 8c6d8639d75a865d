package io.taskfn.mail;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The application with the test organizations, and GreenMail, a real SMTP server, in-process on a
 * free loopback port as the email family's relay; the GreenMail is injected into the test's field
 * of its type.
 */
public class MailTestProfile implements QuarkusTestProfile {

  static final String SENDER = "reports@reports.taskfn.test";

  /** Manual runs of one task within an hour, in these tests. */
  static final int MANUAL_RUNS = 3;

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(Relay.class));
  }

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "taskfn.quickbi.organizations-file",
        "src/test/resources/mail/organizations.yaml",
        "taskfn.quickbi.sender-address",
        SENDER,
        "taskfn.quickbi.manual-runs.max",
        Integer.toString(MANUAL_RUNS),
        "taskfn.quickbi.delivery-check-interval",
        "5s");
  }

  public static class Relay implements QuarkusTestResourceLifecycleManager {
    private GreenMail greenMail;

    @Override
    public Map<String, String> start() {
      greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
      greenMail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
      greenMail.start();
      return Map.of(
          "quarkus.mailer.mock", "false",
          "quarkus.mailer.host", "127.0.0.1",
          "quarkus.mailer.port", Integer.toString(greenMail.getSmtp().getPort()),
          "quarkus.mailer.start-tls", "DISABLED",
          "taskfn.email.sender-domains", "reports.taskfn.test");
    }

    @Override
    public void inject(TestInjector injector) {
      injector.injectIntoFields(greenMail, new TestInjector.MatchesType(GreenMail.class));
    }

    @Override
    public void stop() {
      greenMail.stop();
    }
  }
}
