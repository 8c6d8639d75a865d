package io.taskfn.email;

import io.quarkus.funqy.Funq;
import io.taskfn.api.EmptyBodyAsEmptyRequest;
import io.taskfn.email.EmailRequests.DescribeEmail;
import io.taskfn.email.EmailRequests.MessageRef;
import io.taskfn.email.EmailRequests.OperationRef;
import io.taskfn.email.EmailRequests.SendEmail;
import io.taskfn.email.EmailResponses.EmailDetail;
import io.taskfn.email.EmailResponses.EmailSendResult;
import io.taskfn.email.EmailResponses.SendEmailResult;
import io.taskfn.email.EmailResponses.SendStatusResult;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Communication Services Email, 2021-10-01-preview ({@code SendEmail}, {@code GetSendStatus}) and
 * 2023-03-31 ({@code SendEmail} with an operation id, {@code GetSendResult}) over one store of
 * messages, and taskfn's own {@code DescribeEmail}.
 */
@Singleton
@EmptyBodyAsEmptyRequest
public class EmailFunctions {

  @Inject EmailService emails;

  @Funq("SendEmail")
  public SendEmailResult sendEmail(SendEmail request) {
    return emails.send(request);
  }

  @Funq("GetSendStatus")
  public SendStatusResult getSendStatus(MessageRef request) {
    return emails.getSendStatus(request.messageId(), request.apiVersion());
  }

  @Funq("GetSendResult")
  public EmailSendResult getSendResult(OperationRef request) {
    return emails.getSendResult(request.operationId(), request.apiVersion());
  }

  @Funq("DescribeEmail")
  public EmailDetail describeEmail(DescribeEmail request) {
    return emails.describe(request.messageId(), request.operationId());
  }
}
