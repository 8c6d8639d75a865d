package io.taskfn.mail;

import static io.taskfn.mail.MailCalls.alice;
import static io.taskfn.mail.MailCalls.as;
import static io.taskfn.mail.MailCalls.bob;
import static io.taskfn.mail.MailCalls.call;
import static io.taskfn.mail.MailCalls.create;
import static io.taskfn.mail.MailCalls.finish;
import static io.taskfn.mail.MailCalls.manualRun;
import static io.taskfn.mail.MailCalls.ref;
import static io.taskfn.mail.MailCalls.rejection;
import static io.taskfn.mail.MailCalls.task;
import static io.taskfn.mail.MailCalls.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.support.EnvelopeShapes.Rejection;
import io.taskfn.support.MutableClock;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each seed error whose condition exists here, over HTTP, in the vendor's envelope and words. */
@QuarkusTest
@TestProfile(MailTestProfile.class)
class MailRejectionsTest {

  @Inject Dispatcher dispatcher;
  @Inject MutableClock clock;

  private static void rejects(String code, String message, String action, Object body) {
    Rejection r = rejection(action, body);
    assertEquals(code, r.code(), r.message());
    assertEquals(message, r.message());
  }

  @Test
  void callersAreCheckedOrganizationInstanceEditionThenUser() {
    ObjectNode list = alice().put("PageNum", 1);
    rejects(
        "Invalid.Organization",
        "The specified organizational unit does not exist.",
        "GetMailTaskList",
        as("nowhere", "alice"));
    rejects(
        "Instance.Not.Exist",
        "The specified instance does not exist.",
        "GetMailTaskList",
        as("unbought", "uma"));
    rejects(
        "Instance.Expired", "Your instance has expired.", "GetMailTaskList", as("lapsed", "lena"));
    rejects(
        "Access.Forbidden",
        "Your instance version or access key is not allowed to call the API operation, only"
            + " professional version supports calling.",
        "GetMailTaskList",
        as("starter", "sam"));
    rejects(
        "ApiUser.Not.Exists",
        "The specified user does not exist.",
        "GetMailTaskList",
        as("acme", "nobody"));
    rejects(
        "User.Not.In.Organization",
        "The specified user is not in the organizational unit.",
        "GetMailTaskList",
        as("acme", "olga"));
    rejects(
        "Not.ApiCall.AuthUser",
        "You are not an administrator or API call auth user of this organization.",
        "GetMailTaskList",
        as("acme", "carol"));
    rejects(
        "System.Param.Empty",
        "You must specify the CallerUserId parameter.",
        "GetMailTaskList",
        Map.of("CallerOrganizationId", "acme"));
    rejects(
        "System.Param.Empty",
        "You must specify the CallerOrganizationId parameter.",
        "GetMailTaskList",
        Map.of());
    call("GetMailTaskList", list).statusCode(200).body("Success", equalTo(true));
  }

  @Test
  void tasksAreTheirOwnersAndTheAdminsAlone() {
    String mailId = create(task(alice(), unique("Alice's"), spec -> {}));
    rejects(
        "Mail.Forbidden.Access",
        "Forbidden Access On This Operation.",
        "ManualRunMailTask",
        ref(bob(), mailId));
    rejects(
        "Mail.Forbidden.Access",
        "Forbidden Access On This Operation.",
        "GetMailTaskStatus",
        ref(bob(), mailId));
    rejects(
        "Invalid.User.Admin",
        "You are not an administrator of this organization.",
        "CreateMailTask",
        task(bob(), unique("For Alice"), spec -> spec.put("OwnerUserId", "alice")));
    String bobs =
        create(
            task(alice(), unique("Bob's, made by Alice"), spec -> spec.put("OwnerUserId", "bob")));
    manualRun(bob(), bobs).statusCode(200);
    rejects(
        "Mail.Not.Found",
        "The Subscription Task Does Not Exist.",
        "ManualRunMailTask",
        ref(as("globex", "olga"), mailId));
  }

  @Test
  void manualRunsAreRefusedWhileOneRunsAndPastTheLimitWithTheMinutesToWait() throws Exception {
    rejects("MailId.Is.Null", "The Mail Id Is Null.", "ManualRunMailTask", alice());
    rejects(
        "Mail.Not.Found",
        "The Subscription Task Does Not Exist.",
        "ManualRunMailTask",
        ref(alice(), "no-such-task"));
    String mailId = create(task(alice(), unique("Limited"), spec -> {}));
    manualRun(alice(), mailId).statusCode(200);
    rejects(
        "MailTask.Already.Running",
        "The Mail Task Is Already Running.",
        "ManualRunMailTask",
        ref(alice(), mailId));
    for (int run = 2; run <= MailTestProfile.MANUAL_RUNS; run++) {
      assertEquals("SENT", finish(dispatcher, clock, alice(), mailId));
      clock.advance(Duration.ofMinutes(10));
      manualRun(alice(), mailId).statusCode(200);
    }
    assertEquals("SENT", finish(dispatcher, clock, alice(), mailId));
    rejects(
        "MailApi.Beyond.ScheduleLimit",
        "Mail Subscription Openapi Requests Are Frequent. Please Try Again In "
            + (60 - 10 * (MailTestProfile.MANUAL_RUNS - 1))
            + " Minutes.",
        "ManualRunMailTask",
        ref(alice(), mailId));

    String spaced =
        create(task(alice(), unique("Spaced"), spec -> spec.put("MinIntervalMinutes", 30)));
    manualRun(alice(), spaced).statusCode(200);
    assertEquals("SENT", finish(dispatcher, clock, alice(), spaced));
    clock.advance(Duration.ofMinutes(5));
    rejects(
        "MailApi.Beyond.ScheduleLimit",
        "Mail Subscription Openapi Requests Are Frequent. Please Try Again In 25 Minutes.",
        "ManualRunMailTask",
        ref(alice(), spaced));
  }

  @Test
  void definitionsAreCheckedNamingTheParameterAndTheRule() {
    rejects(
        "System.Param.Empty",
        "You must specify the SubscribeName parameter.",
        "CreateMailTask",
        task(alice(), "x", spec -> spec.remove("SubscribeName")));
    rejects(
        "Invalid.Parameter.Error",
        "The parameter is invalid:Recipients.Addresses[1] is not an email address: not an address.",
        "CreateMailTask",
        task(
            alice(),
            "x",
            spec ->
                ((ObjectNode) spec.get("Recipients"))
                    .putArray("Addresses")
                    .add("ann@example.org")
                    .add("not an address")));
    rejects(
        "ApiUser.Not.Exists",
        "The specified user does not exist.",
        "CreateMailTask",
        task(
            alice(),
            "x",
            spec -> ((ObjectNode) spec.get("Recipients")).putArray("UserIds").add("ghost")));
    rejects(
        "Invalid.Parameter.Error",
        "The parameter is invalid:Schedule.WeekDays[0] must be a day from 1 (Monday) to 7"
            + " (Sunday), not 8.",
        "CreateMailTask",
        task(
            alice(),
            "x",
            spec -> {
              ObjectNode schedule = spec.putObject("Schedule");
              schedule.put("Type", "weekly");
              schedule.put("Time", "09:00");
              schedule.putArray("WeekDays").add(8);
            }));
    rejects(
        "Invalid.Parameter.Error",
        "The parameter is invalid:Report.DataJson the data must be a JSON array of row objects,"
            + " or an object whose rows is one.",
        "CreateMailTask",
        task(alice(), "x", spec -> ((ObjectNode) spec.get("Report")).put("DataJson", "42")));
    Rejection template =
        rejection("CreateMailTask", task(alice(), "x", spec -> spec.put("Body", "{#for}")));
    assertEquals("Invalid.Parameter.Error", template.code());
    assertEquals(
        true, template.message().startsWith("The parameter is invalid:Body is not a valid"));
    rejects(
        "Invalid.Parameter",
        "The parameter PageNum must be an integer.",
        "GetMailTaskList",
        alice().put("PageNum", "one"));
    String mailId = create(task(alice(), unique("Runs"), spec -> {}));
    rejects(
        "Application.Object.NotExist",
        "The object you are operating does not exist or has been deleted.",
        "GetMailTaskStatus",
        ref(alice(), mailId).put("TaskId", "999999"));
  }

  @Test
  void theListPagesThroughTheStoreFilteredByPausedAndOwnerNick() {
    String nick = "Bob";
    ObjectNode asBert = as("acme", "bert");
    List<String> bobs = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      bobs.add(create(task(bob(), unique("Bob list " + i), spec -> {})));
    }
    bobs.add(create(task(asBert, unique("Bert list"), spec -> spec.put("Paused", true))));
    int total =
        call("GetMailTaskList", alice().put("UserNick", nick).put("PageSize", 100))
            .statusCode(200)
            .extract()
            .path("Result.TotalNum");
    int pausedBobs =
        call("GetMailTaskList", alice().put("UserNick", nick).put("Paused", true))
            .statusCode(200)
            .extract()
            .path("Result.TotalNum");
    List<String> seen = new java.util.ArrayList<>();
    int pages = (total + 1) / 2;
    for (int page = 1; page <= pages; page++) {
      List<String> ids =
          call(
                  "GetMailTaskList",
                  alice().put("UserNick", nick).put("PageNum", page).put("PageSize", 2))
              .statusCode(200)
              .body("Result.PageNum", equalTo(page))
              .body("Result.PageSize", equalTo(2))
              .body("Result.TotalNum", equalTo(total))
              .body("Result.TotalPages", equalTo(pages))
              .body("Result.Pre", equalTo(page > 1))
              .body("Result.Next", equalTo(page < pages))
              .extract()
              .path("Result.Data.MailId");
      seen.addAll(ids);
    }
    assertEquals(total, seen.size());
    assertEquals(total, new java.util.HashSet<>(seen).size(), "no task twice");
    assertEquals(true, seen.containsAll(bobs));
    assertEquals(true, pausedBobs >= 1);
    call("GetMailTaskList", alice().put("UserNick", "Bob").put("Paused", true).put("PageSize", 100))
        .statusCode(200)
        .body("Result.Data.Paused", org.hamcrest.Matchers.everyItem(equalTo(true)))
        .body("Result.Data.BizOwnerName", org.hamcrest.Matchers.everyItem(equalTo("Bob")));
  }
}
