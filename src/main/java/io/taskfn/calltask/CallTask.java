package io.taskfn.calltask;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A call task as stored: its settings, its state, and why it finished. The task's record is also
 * its pacer's due work ({@link TaskPacer}): due when calls should be queued or the task finished.
 */
@RegisterForReflection
public record CallTask(
    String taskOpenId,
    String name,
    String resource,
    int type,
    String numberPoolNo,
    List<String> numberList,
    int selectNumberType,
    Instant startTime,
    Instant endTime,
    int maxRingDuration,
    int ringAgainTimes,
    int ringAgainInterval,
    int concurrency,
    List<ForbidTimes.Item> forbidTimeList,
    boolean unique,
    boolean finishWhenListEnd,
    String callRecordPostUrl,
    TaskState state,
    Instant createTime,
    Instant updateTime,
    String finishReason) {

  CallWindow window(ZoneId zone) {
    return new CallWindow(startTime, endTime, zone, ForbidTimes.parse(forbidTimeList));
  }

  CallTask withState(TaskState next, Instant now, String reason) {
    return new CallTask(
        taskOpenId,
        name,
        resource,
        type,
        numberPoolNo,
        numberList,
        selectNumberType,
        startTime,
        endTime,
        maxRingDuration,
        ringAgainTimes,
        ringAgainInterval,
        concurrency,
        forbidTimeList,
        unique,
        finishWhenListEnd,
        callRecordPostUrl,
        next,
        createTime,
        now,
        reason);
  }

  CallTask withRules(
      Instant start,
      Instant end,
      int ringTimes,
      int ringInterval,
      int newConcurrency,
      List<ForbidTimes.Item> forbid,
      Instant now) {
    return new CallTask(
        taskOpenId,
        name,
        resource,
        type,
        numberPoolNo,
        numberList,
        selectNumberType,
        start,
        end,
        maxRingDuration,
        ringTimes,
        ringInterval,
        newConcurrency,
        forbid,
        unique,
        finishWhenListEnd,
        callRecordPostUrl,
        state,
        createTime,
        now,
        finishReason);
  }

  /**
   * The number a call shows as its caller: with {@code SelectNumberType} 1 one of NumberList, in
   * turn; else the number pool's.
   */
  String callerFor(long turn) {
    if (selectNumberType != 1 || numberList == null || numberList.isEmpty()) {
      return numberPoolNo;
    }
    return numberList.get((int) Math.floorMod(turn, (long) numberList.size()));
  }
}
