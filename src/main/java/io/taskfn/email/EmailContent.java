package io.taskfn.email;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A message's parts, written once when it is sent and read by each delivery attempt; kept apart
 * from its small, often written {@link EmailState} so that polling and status writes never carry
 * the attachments.
 */
@RegisterForReflection
public record EmailContent(String messageId, EmailParts parts, Instant expiresAt) {}
