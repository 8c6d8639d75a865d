package io.taskfn.mail;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Request bodies of the mail subscription functions, with the vendor's parameter names where the
 * vendor has the action, in its style where the action is taskfn's own. Every request may name its
 * caller ({@code CallerOrganizationId}, {@code CallerUserId}) until request signatures do.
 */
public final class MailRequests {
  private MailRequests() {}

  static final String CALLER_ORGANIZATION = "CallerOrganizationId";
  static final String CALLER_USER = "CallerUserId";

  /** What every request carries: who calls. */
  interface FromCaller {
    String callerOrganizationId();

    String callerUserId();
  }

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record ManualRunMailTask(String callerOrganizationId, String callerUserId, String mailId)
      implements FromCaller {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GetMailTaskStatus(
      String callerOrganizationId, String callerUserId, String mailId, String taskId)
      implements FromCaller {}

  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GetMailTaskList(
      String callerOrganizationId,
      String callerUserId,
      Integer pageNum,
      Integer pageSize,
      Boolean paused,
      String userNick)
      implements FromCaller {}

  /** taskfn's own: a task's definition, and each action on one task that takes only its id. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record MailTaskRef(String callerOrganizationId, String callerUserId, String mailId)
      implements FromCaller {}

  /** taskfn's own: each recipient's message of a run. */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record GetMailTaskDeliveries(
      String callerOrganizationId, String callerUserId, String mailId, String taskId)
      implements FromCaller {}

  /**
   * taskfn's own: CreateMailTask (every field but {@code MailId}) and UpdateMailTask ({@code
   * MailId}, and the fields to change: a field given replaces the task's, a field left out keeps
   * it).
   */
  @RegisterForReflection
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public record MailTaskSpec(
      String callerOrganizationId,
      String callerUserId,
      String mailId,
      String subscribeName,
      String ownerUserId,
      MailTask.Recipients recipients,
      String subject,
      String body,
      MailTask.Report report,
      MailTask.Schedule schedule,
      Boolean paused,
      Boolean skipWhenEmpty,
      Integer minIntervalMinutes)
      implements FromCaller {}

  /** The names of a list parameter's items in messages: {@code Recipients.UserIds[2]}. */
  static String item(String list, int index) {
    return list + "[" + index + "]";
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
