package io.taskfn.email;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * A repeatability request id or operation id already used: the message it sent and a digest of the
 * request, so a repeat is answered with that message and a different request under the same id is
 * refused.
 */
@RegisterForReflection
public record IdempotencyKey(String messageId, String requestDigest, Instant expiresAt) {}
