package io.taskfn.email;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** How many messages a tenant has sent in one rate-limit window, shared by every server. */
@RegisterForReflection
public record SendWindow(int sends, Instant endsAt) {

  SendWindow plusOne() {
    return new SendWindow(sends + 1, endsAt);
  }
}
