package io.taskfn.calltask;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One call as the vendor reports it ({@code QueryCallRecordMsg}, {@code CallRecordPostUrl}): times
 * in epoch milliseconds, absent when the call never got that far; {@code callDuration} in seconds
 * from answer to hang-up.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CallRecord(
    String callId,
    String taskOpenId,
    String caller,
    String callee,
    Long beginCallTime,
    Long ringTime,
    Long startTime,
    Long endTime,
    int callDuration,
    int callResult,
    String ext) {}
