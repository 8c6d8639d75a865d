package io.taskfn.job;

import io.taskfn.api.ConflictException;

/** A request asked an instance to move to a status its current one does not allow. */
public class IllegalTransitionException extends ConflictException {
  public IllegalTransitionException(long instanceId, InstanceStatus from, InstanceStatus to) {
    super(
        400,
        null,
        Long.toString(instanceId),
        "job instance "
            + instanceId
            + " is "
            + from.name().toLowerCase(java.util.Locale.ROOT)
            + " (status "
            + from.code()
            + ") and can not become "
            + to.name().toLowerCase(java.util.Locale.ROOT)
            + " (status "
            + to.code()
            + ")");
  }
}
