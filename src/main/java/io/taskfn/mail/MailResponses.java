package io.taskfn.mail;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Answers of the mail subscription functions, in the vendor's shape. */
public final class MailResponses {
  private MailResponses() {}

  /** Every answer: {@code {RequestId, Success: true, Result}}. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record Answer<T>(String requestId, boolean success, T result) {}

  /** One run in GetMailTaskStatus, as the vendor names its fields; {@code reason} is taskfn's. */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RunStatusItem(
      String mailId, String taskId, String status, String execTime, String reason) {}

  /** One task in GetMailTaskList. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record MailTaskItem(
      String mailId,
      String subscribeName,
      boolean paused,
      String bizOwnerName,
      String bizOwnerUserId) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record MailTaskPage(
      List<MailTaskItem> data,
      int pageNum,
      int pageSize,
      long totalNum,
      long totalPages,
      @JsonProperty("Pre") boolean pre,
      @JsonProperty("Next") boolean next) {}

  /** CreateMailTask. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record MailTaskCreated(String mailId) {}

  /** DescribeMailTask, taskfn's own: the definition and where its schedule stands. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MailTaskDetail(
      String mailId,
      String subscribeName,
      String bizOwnerUserId,
      MailTask.Recipients recipients,
      String subject,
      String body,
      MailTask.Report report,
      MailTask.Schedule schedule,
      String cronExpression,
      boolean paused,
      boolean skipWhenEmpty,
      Integer minIntervalMinutes,
      String createTime,
      String updateTime,
      String nextFireTime,
      String lastFireOutcome) {}

  /** GetMailTaskDeliveries, taskfn's own: a run and each recipient's message. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RunDeliveries(
      String mailId,
      String taskId,
      String status,
      String trigger,
      String execTime,
      String finishTime,
      String reason,
      int rowCount,
      List<DeliveryItem> deliveries) {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DeliveryItem(String recipient, String messageId, String status, String reason) {}
}
