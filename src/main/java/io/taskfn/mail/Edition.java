package io.taskfn.mail;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The Quick BI editions an organization's instance may be; only professional calls the API. */
public enum Edition {
  PERSONAL,
  BASIC,
  ADVANCED,
  PROFESSIONAL;

  public boolean allowsApiCalls() {
    return this == PROFESSIONAL;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> labels() {
    return Arrays.stream(values()).map(Edition::label).toList();
  }
}
