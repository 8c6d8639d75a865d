package io.taskfn.calltask;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * Request bodies of the vms functions, with the vendor's parameter names. Every mutating request
 * takes {@code ClientToken} and {@code DryRun}.
 */
public final class CallTaskRequests {
  private CallTaskRequests() {}

  /** One entry of {@code PhoneList}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record PhoneItem(String phone, Map<String, Object> phoneParam, String ext) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record CreateTask(
      String name,
      List<PhoneItem> phoneList,
      String resource,
      Integer type,
      String numberPoolNo,
      List<String> numberList,
      Integer selectNumberType,
      String startTime,
      String endTime,
      Boolean start,
      Integer maxRingDuration,
      Integer ringAgainTimes,
      Integer ringAgainInterval,
      Integer concurrency,
      List<ForbidTimes.Item> forbidTimeList,
      Boolean unique,
      Boolean finishWhenListEnd,
      String callRecordPostUrl,
      String clientToken,
      Boolean dryRun) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record BatchAppend(
      String taskOpenId, List<PhoneItem> phoneList, String clientToken, Boolean dryRun) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record UpdateTask(
      String taskOpenId,
      String startTime,
      String endTime,
      Integer ringAgainTimes,
      Integer ringAgainInterval,
      Integer concurrency,
      List<ForbidTimes.Item> forbidTimeList,
      Boolean recall,
      String clientToken,
      Boolean dryRun) {}

  /** PauseTask, ResumeTask, StopTask. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record TaskAction(String taskOpenId, String clientToken, Boolean dryRun) {}

  /** QueryTaskInfo (taskfn's own). */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record TaskQuery(String taskOpenId) {}

  /** A page of a task's call records, newest first: {@code Limit} 1 to 100, default 20. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record QueryCallRecordMsg(String taskOpenId, Integer limit, String nextToken) {}

  /** AddDoNotCallNumbers and RemoveDoNotCallNumbers (taskfn's own): at most 1,000 a call. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record DoNotCallNumbers(List<String> numbers, String clientToken, Boolean dryRun) {}

  /** ListDoNotCallNumbers (taskfn's own): in number order, {@code Limit} 1 to 1,000. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ListDoNotCallNumbers(Integer limit, String nextToken) {}
}
