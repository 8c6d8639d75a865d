package io.taskfn.mail;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A scheduled task's next fire, kept apart from the task so that the dispatcher's lease on it never
 * holds up a change of the task: due at the next fire time, none while the task has no schedule.
 *
 * @param lastOutcome what the last fire did (started a run, or why it did not), for
 *     DescribeMailTask
 */
@RegisterForReflection
public record MailFire(String mailId, String organizationId, String lastOutcome) {}
