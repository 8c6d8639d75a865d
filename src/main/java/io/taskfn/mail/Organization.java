package io.taskfn.mail;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * An organization: the vendor's purchased instance, of an edition until it expires.
 *
 * @param edition null while the organization has no instance (none bought yet, or released)
 */
@RegisterForReflection
public record Organization(
    String organizationId, String name, Edition edition, Instant expireTime) {}
