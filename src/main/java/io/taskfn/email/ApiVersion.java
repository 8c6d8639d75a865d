package io.taskfn.email;

import java.util.Arrays;
import java.util.List;

/** The two versions of the vendor's Email API that taskfn speaks. */
public enum ApiVersion {
  /** The preview the 1.0.0-beta.1 SDK speaks: {@code messageId}, queued/outForDelivery/dropped. */
  V2021_10_01_PREVIEW("2021-10-01-preview"),
  /** The generally available version: operation ids, NotStarted/Running/Succeeded/Failed. */
  V2023_03_31("2023-03-31");

  private final String label;

  ApiVersion(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  static List<String> labels() {
    return Arrays.stream(values()).map(ApiVersion::label).toList();
  }

  /** The version a label names, or null. */
  static ApiVersion of(String label) {
    for (ApiVersion v : values()) {
      if (v.label.equals(label)) {
        return v;
      }
    }
    return null;
  }
}
