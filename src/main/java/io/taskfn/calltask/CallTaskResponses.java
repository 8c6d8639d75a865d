package io.taskfn.calltask;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The {@code Result} of each vms answer that has one. */
public final class CallTaskResponses {
  private CallTaskResponses() {}

  /** A number of PhoneList that was not added, by its place in the list. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record FailItem(int index, String phone, String reason) {}

  /** CreateTask and BatchAppend. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record TaskNumbers(String taskOpenId, List<FailItem> failList) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Progress(
      long total,
      long waiting,
      long calling,
      long answered,
      long unanswered,
      long skipped,
      long calls) {}

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record TaskInfo(
      String taskOpenId,
      String name,
      int state,
      String resource,
      int type,
      String numberPoolNo,
      List<String> numberList,
      String startTime,
      String endTime,
      int maxRingDuration,
      int ringAgainTimes,
      int ringAgainInterval,
      int concurrency,
      List<ForbidTimes.Item> forbidTimeList,
      boolean unique,
      boolean finishWhenListEnd,
      String callRecordPostUrl,
      String createTime,
      String updateTime,
      String finishReason,
      Progress progress) {}

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record CallRecords(long total, List<CallRecord> records, String nextToken) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record DoNotCallChange(int changed) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record DoNotCallEntry(String phone, String createTime) {}

  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record DoNotCallList(List<DoNotCallEntry> numbers, String nextToken) {}
}
