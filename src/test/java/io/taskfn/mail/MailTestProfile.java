package io.taskfn.mail;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.taskfn.support.SmtpRelayResource;
import java.util.List;
import java.util.Map;

/**
 * The application with the test organizations, and a real SMTP server (GreenMail, behind the
 * scripted relay that can refuse recipients: {@link SmtpRelayResource}) as the email family's
 * relay.
 */
public class MailTestProfile implements QuarkusTestProfile {

  static final String SENDER = "reports@reports.taskfn.test";

  /** Manual runs of one task within an hour, in these tests. */
  static final int MANUAL_RUNS = 3;

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(SmtpRelayResource.class));
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
}
