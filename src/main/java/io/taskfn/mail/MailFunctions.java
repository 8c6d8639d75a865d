package io.taskfn.mail;

import io.quarkus.funqy.Funq;
import io.taskfn.api.ApiException;
import io.taskfn.api.EmptyBodyAsEmptyRequest;
import io.taskfn.mail.MailRequests.GetMailTaskDeliveries;
import io.taskfn.mail.MailRequests.GetMailTaskList;
import io.taskfn.mail.MailRequests.GetMailTaskStatus;
import io.taskfn.mail.MailRequests.MailTaskRef;
import io.taskfn.mail.MailRequests.MailTaskSpec;
import io.taskfn.mail.MailRequests.ManualRunMailTask;
import io.taskfn.mail.MailResponses.Answer;
import io.taskfn.mail.MailResponses.MailTaskCreated;
import io.taskfn.mail.MailResponses.MailTaskDetail;
import io.taskfn.mail.MailResponses.MailTaskPage;
import io.taskfn.mail.MailResponses.RunDeliveries;
import io.taskfn.mail.MailResponses.RunStatusItem;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Quick BI (quickbi-public 2022-01-01) mail subscriptions: the vendor's {@code ManualRunMailTask},
 * {@code GetMailTaskStatus} and {@code GetMailTaskList}, and taskfn's own actions that define the
 * tasks the vendor defines in its console. Any failure that is not a rejection answers the vendor's
 * {@code Internal.System.Error}.
 */
@Singleton
@EmptyBodyAsEmptyRequest
public class MailFunctions {

  private static final Logger LOG = Logger.getLogger(MailFunctions.class);

  @Inject MailService mails;

  @Funq("ManualRunMailTask")
  public Answer<Boolean> manualRunMailTask(ManualRunMailTask request) {
    return run("ManualRunMailTask", () -> mails.manualRun(request));
  }

  @Funq("GetMailTaskStatus")
  public Answer<List<RunStatusItem>> getMailTaskStatus(GetMailTaskStatus request) {
    return run("GetMailTaskStatus", () -> mails.status(request));
  }

  @Funq("GetMailTaskList")
  public Answer<MailTaskPage> getMailTaskList(GetMailTaskList request) {
    return run("GetMailTaskList", () -> mails.list(request));
  }

  @Funq("CreateMailTask")
  public Answer<MailTaskCreated> createMailTask(MailTaskSpec request) {
    return run("CreateMailTask", () -> mails.create(request));
  }

  @Funq("UpdateMailTask")
  public Answer<Boolean> updateMailTask(MailTaskSpec request) {
    return run("UpdateMailTask", () -> mails.update(request));
  }

  @Funq("DeleteMailTask")
  public Answer<Boolean> deleteMailTask(MailTaskRef request) {
    return run("DeleteMailTask", () -> mails.delete(request));
  }

  @Funq("PauseMailTask")
  public Answer<Boolean> pauseMailTask(MailTaskRef request) {
    return run("PauseMailTask", () -> mails.pause(request, true));
  }

  @Funq("ResumeMailTask")
  public Answer<Boolean> resumeMailTask(MailTaskRef request) {
    return run("ResumeMailTask", () -> mails.pause(request, false));
  }

  @Funq("DescribeMailTask")
  public Answer<MailTaskDetail> describeMailTask(MailTaskRef request) {
    return run("DescribeMailTask", () -> mails.describe(request));
  }

  @Funq("GetMailTaskDeliveries")
  public Answer<RunDeliveries> getMailTaskDeliveries(GetMailTaskDeliveries request) {
    return run("GetMailTaskDeliveries", () -> mails.deliveries(request));
  }

  private static <R> R run(String action, Supplier<R> work) {
    try {
      return work.get();
    } catch (ApiException rejected) {
      throw rejected;
    } catch (RuntimeException e) {
      LOG.errorf(e, "%s failed", action);
      throw QuickBiErrors.internal();
    }
  }
}
