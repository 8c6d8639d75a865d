package io.taskfn.calltask;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.taskfn.support.Http;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The vms functions over HTTP: answers and every rejection in the vendor's envelope. */
@QuarkusTest
class VmsFunctionsHttpTest {

  static final List<String> FUNCTIONS =
      List.of(
          "CreateTask",
          "BatchAppend",
          "UpdateTask",
          "PauseTask",
          "ResumeTask",
          "StopTask",
          "QueryTaskInfo",
          "QueryCallRecordMsg",
          "AddDoNotCallNumbers",
          "RemoveDoNotCallNumbers",
          "ListDoNotCallNumbers");

  static Map<String, Object> createRequest() {
    Map<String, Object> body = new HashMap<>();
    body.put("Name", "campaign");
    body.put("PhoneList", List.of(Map.of("Phone", "13800138000"), Map.of("Phone", "12")));
    body.put("Resource", "res-1");
    body.put("NumberPoolNo", "NP1");
    body.put("StartTime", "2030-01-01 09:00:00");
    body.put("EndTime", "2030-01-01 18:00:00");
    body.put("Concurrency", 2);
    return body;
  }

  static String createTask() {
    return Http.call("CreateTask", createRequest())
        .statusCode(200)
        .extract()
        .path("Result.TaskOpenId");
  }

  /** The seed's request example, for the task given. */
  static Map<String, Object> seedUpdate(String taskOpenId) {
    Map<String, Object> body = new HashMap<>();
    body.put("TaskOpenId", taskOpenId);
    body.put("Concurrency", 1);
    body.put(
        "ForbidTimeList", List.of(Map.of("Weekdays", List.of(1), "Times", List.of("10:00-11:00"))));
    body.put("RingAgainTimes", 1);
    body.put("RingAgainInterval", 5);
    body.put("EndTime", "2021-05-21 17:35:44");
    body.put("StartTime", "2021-05-20 17:35:43");
    return body;
  }

  static ValidatableResponse rejected(
      ValidatableResponse response, int status, String code, String action) {
    return response
        .statusCode(status)
        .body("ResponseMetadata.Error.Code", equalTo(code))
        .body("ResponseMetadata.Action", equalTo(action))
        .body("ResponseMetadata.Service", equalTo("vms"))
        .body("ResponseMetadata.Version", equalTo("2022-01-01"))
        .body("ResponseMetadata.Region", equalTo("cn-north-1"))
        .body("ResponseMetadata.RequestId", notNullValue());
  }

  @Test
  void createThenTheSeedsUpdateAnswerInTheVendorsShape() {
    ValidatableResponse created =
        Http.call("CreateTask", createRequest())
            .statusCode(200)
            .body("ResponseMetadata.Action", equalTo("CreateTask"))
            .body("ResponseMetadata.Service", equalTo("vms"))
            .body("ResponseMetadata.Error", nullValue())
            .body("Result.FailList[0].Index", equalTo(1))
            .body("Result.FailList[0].Phone", equalTo("12"));
    String id = created.extract().path("Result.TaskOpenId");

    Http.call("UpdateTask", seedUpdate(id))
        .statusCode(200)
        .body("ResponseMetadata.Action", equalTo("UpdateTask"))
        .body("ResponseMetadata.Version", equalTo("2022-01-01"))
        .body("ResponseMetadata.Region", equalTo("cn-north-1"))
        .body("Result", nullValue());
    Http.call("QueryTaskInfo", Map.of("TaskOpenId", id))
        .statusCode(200)
        .body("Result.State", equalTo(1))
        .body("Result.StartTime", equalTo("2021-05-20 17:35:43"))
        .body("Result.ForbidTimeList[0].Weekdays[0]", equalTo(1))
        .body("Result.Progress.Total", equalTo(1))
        .body("Result.Progress.Waiting", equalTo(1));
  }

  @Test
  void missingAndInvalidParametersAreNamed() {
    String id = createTask();
    Map<String, Object> noConcurrency = seedUpdate(id);
    noConcurrency.remove("Concurrency");
    rejected(Http.call("UpdateTask", noConcurrency), 400, "MissingParameter", "UpdateTask")
        .body(
            "ResponseMetadata.Error.Message",
            equalTo("The required parameter Concurrency is missing."));

    Map<String, List<Object>> invalid =
        Map.of(
            "RingAgainInterval", List.of(4, "RingAgainInterval"),
            "EndTime", List.of("2021-05-20 17:35:43", "EndTime"),
            "StartTime", List.of("2021-13-20 17:35:43", "StartTime"),
            "ForbidTimeList",
                List.of(
                    List.of(Map.of("Weekdays", List.of(0), "Times", List.of("10:00-11:00"))),
                    "ForbidTimeList[0].Weekdays"),
            "Concurrency", List.of(0, "Concurrency"),
            "RingAgainTimes", List.of(99, "RingAgainTimes"),
            "TaskOpenId", List.of("no-such-task", "TaskOpenId"));
    invalid.forEach(
        (parameter, valueAndName) -> {
          Map<String, Object> body = seedUpdate(id);
          body.put(parameter, valueAndName.get(0));
          rejected(Http.call("UpdateTask", body), 400, "InvalidParameter", "UpdateTask")
              .body(
                  "ResponseMetadata.Error.Message",
                  startsWith("The specified parameter " + valueAndName.get(1) + " is invalid"));
        });
    for (String times : List.of("10:00", "25:00-26:00", "10:00-10:00", "", "9:00-10:00")) {
      Map<String, Object> body = seedUpdate(id);
      body.put("ForbidTimeList", List.of(Map.of("Times", List.of(times))));
      rejected(Http.call("UpdateTask", body), 400, "InvalidParameter", "UpdateTask")
          .body(
              "ResponseMetadata.Error.Message",
              startsWith("The specified parameter ForbidTimeList[0].Times[0]"));
    }
    Map<String, Object> noTimes = seedUpdate(id);
    noTimes.put("ForbidTimeList", List.of(Map.of("Weekdays", List.of(2))));
    rejected(Http.call("UpdateTask", noTimes), 400, "MissingParameter", "UpdateTask");
    Map<String, Object> wrongType = seedUpdate(id);
    wrongType.put("Concurrency", "many");
    rejected(Http.call("UpdateTask", wrongType), 400, "InvalidParameter", "UpdateTask")
        .body(
            "ResponseMetadata.Error.Message",
            startsWith("The specified parameter Concurrency is invalid"));
  }

  @Test
  void stateQuotaTokenAndDryRunRejections() {
    String id = createTask();
    Http.call("StopTask", Map.of("TaskOpenId", id)).statusCode(200);
    rejected(Http.call("UpdateTask", seedUpdate(id)), 400, "OperationDenied", "UpdateTask")
        .body(
            "ResponseMetadata.Error.Message",
            startsWith("Operation is denied because the specified resource is in use"));
    rejected(
        Http.call("ResumeTask", Map.of("TaskOpenId", id)), 400, "OperationDenied", "ResumeTask");

    Map<String, Object> tooMany = createRequest();
    tooMany.put("Concurrency", 101);
    rejected(Http.call("CreateTask", tooMany), 400, "QuotaExceeded", "CreateTask")
        .body("ResponseMetadata.Error.Message", startsWith("Concurrency has exceeded the quota"));

    String token = UUID.randomUUID().toString();
    Map<String, Object> first = createRequest();
    first.put("ClientToken", token);
    String created =
        Http.call("CreateTask", first).statusCode(200).extract().path("Result.TaskOpenId");
    String again =
        Http.call("CreateTask", first).statusCode(200).extract().path("Result.TaskOpenId");
    assertEquals(created, again);
    Map<String, Object> other = createRequest();
    other.put("ClientToken", token);
    other.put("Name", "another");
    rejected(Http.call("CreateTask", other), 400, "IdempotentParameterMismatch", "CreateTask");

    Map<String, Object> dry = seedUpdate(created);
    dry.put("DryRun", true);
    rejected(Http.call("UpdateTask", dry), 400, "DryRunOperation", "UpdateTask");
    Http.call("QueryTaskInfo", Map.of("TaskOpenId", created))
        .body("Result.Concurrency", equalTo(2));
  }

  @Test
  void theVendorsActionParameter() {
    String id = createTask();
    Http.given()
        .body(Map.of("TaskOpenId", id))
        .post("/vms?Action=PauseTask&Version=2022-01-01")
        .then()
        .statusCode(200)
        .body("ResponseMetadata.Action", equalTo("PauseTask"));
    Http.call("QueryTaskInfo", Map.of("TaskOpenId", id)).body("Result.State", equalTo(2));
    rejected(Http.given().body("{}").post("/vms").then(), 400, "MissingAction", null)
        .body("ResponseMetadata.Error.Message", equalTo("The request is missing an action."));
    rejected(
        Http.given().body("{}").post("/vms?Action=DeleteEverything").then(),
        400,
        "InvalidAction",
        null);
    rejected(
        Http.given().body("{}").post("/vms?Action=ExecuteJob").then(), 400, "InvalidAction", null);
    rejected(
        Http.given()
            .body(Map.of("TaskOpenId", id))
            .post("/vms?Action=ResumeTask&Version=2020-01-01")
            .then(),
        400,
        "InvalidParameter",
        "ResumeTask");
    rejected(
        Http.given().body("{nope").post("/vms?Action=ResumeTask").then(),
        400,
        "InvalidParameter",
        "ResumeTask");
  }

  @Test
  void badInputNeverAnswers500() {
    List<String> bodies =
        List.of(
            "",
            "{}",
            "[]",
            "\"text\"",
            "{\"TaskOpenId\":{}}",
            "{\"PhoneList\":\"x\",\"TaskOpenId\":\"none\"}",
            "{\"PhoneList\":[null,{\"Phone\":123},{\"Phone\":\"\"},{\"PhoneParam\":\"x\"}]}",
            "{\"Concurrency\":\"many\"}",
            "{\"Concurrency\":-1,\"StartTime\":\"x\"}",
            "{\"ForbidTimeList\":[null]}",
            "{\"ForbidTimeList\":[{\"Weekdays\":\"x\"}]}",
            "{\"ForbidTimeList\":[{\"Weekdays\":[null],\"Times\":[null]}]}",
            "{\"Numbers\":[null]}",
            "{\"Numbers\":\"x\"}",
            "{\"Limit\":100000,\"NextToken\":\"%%%\"}",
            "{\"NextToken\":\"bm90IGEgdG9rZW4\"}",
            "{\"ClientToken\":\"\\u0000\",\"TaskOpenId\":\"none\"}",
            "{\"DryRun\":\"yes\"}",
            "{\"Start\":1,\"Unique\":{}}",
            "not json");
    int rejections = 0;
    for (String function : FUNCTIONS) {
      for (String body : bodies) {
        var answer = Http.callRaw(function, body).extract();
        String what = function + " answered " + answer.statusCode() + " to " + body;
        if (answer.statusCode() == 200) {
          // Bodies without a required parameter are fine for the listing that needs none.
          assertEquals("ListDoNotCallNumbers", function, what);
          continue;
        }
        assertEquals(400, answer.statusCode(), what);
        assertNotNull(answer.path("ResponseMetadata.Error.Code"), what);
        rejections++;
      }
    }
    assertEquals((FUNCTIONS.size() - 1) * bodies.size(), rejections - listingRejections(bodies));
  }

  /** The bodies the listing rejects: those that are no object or give a bad Limit or token. */
  private static int listingRejections(List<String> bodies) {
    return (int)
        bodies.stream()
            .filter(b -> Http.callRaw("ListDoNotCallNumbers", b).extract().statusCode() == 400)
            .count();
  }

  @Test
  void doNotCallListOverHttp() {
    Http.call("AddDoNotCallNumbers", Map.of("Numbers", List.of("+8613800138999", "13800138998")))
        .statusCode(200)
        .body("Result.Changed", equalTo(2));
    Http.call("ListDoNotCallNumbers", Map.of("Limit", 1000))
        .statusCode(200)
        .body(
            "Result.Numbers.Phone",
            org.hamcrest.Matchers.hasItems("+8613800138998", "+8613800138999"));
    Http.call("RemoveDoNotCallNumbers", Map.of("Numbers", List.of("+86 138 0013 8999")))
        .statusCode(200)
        .body("Result.Changed", equalTo(1));
    rejected(
            Http.call("AddDoNotCallNumbers", Map.of("Numbers", List.of("12345"))),
            400,
            "InvalidParameter",
            "AddDoNotCallNumbers")
        .body(
            "ResponseMetadata.Error.Message",
            startsWith("The specified parameter Numbers[0] is invalid"));
    Http.call("QueryCallRecordMsg", Map.of("TaskOpenId", createTask()))
        .statusCode(200)
        .body("Result.Total", equalTo(0))
        .body("Result.Records", not(nullValue()));
  }
}
