package io.taskfn.email;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.taskfn.support.SmtpRelayResource;
import java.util.List;

/** The application with a real SMTP relay (see {@link SmtpRelayResource}). */
public class EmailTestProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(SmtpRelayResource.class));
  }
}
