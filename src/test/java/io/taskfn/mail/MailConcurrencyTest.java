package io.taskfn.mail;

import static io.taskfn.mail.MailCalls.alice;
import static io.taskfn.mail.MailCalls.create;
import static io.taskfn.mail.MailCalls.latestStatus;
import static io.taskfn.mail.MailCalls.ref;
import static io.taskfn.mail.MailCalls.task;
import static io.taskfn.mail.MailCalls.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.taskfn.api.ApiException;
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.dispatch.DueWorkHandler;
import io.taskfn.store.IndexSlot;
import io.taskfn.store.RetentionConfig;
import io.taskfn.store.Scan;
import io.taskfn.store.StoreBackend;
import io.taskfn.support.Http;
import io.taskfn.support.MutableClock;
import io.taskfn.support.TestDispatchConfig;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * At most one run of a task at a time, across servers: a hundred concurrent ManualRunMailTask
 * calls, half to this server over HTTP and half to a second server's service over the same store,
 * start one, and of the two servers' dispatchers one runs it, once.
 */
@QuarkusTest
@TestProfile(MailTestProfile.class)
class MailConcurrencyTest {

  GreenMail greenMail;

  @Inject Dispatcher dispatcher;
  @Inject MutableClock clock;
  @Inject StoreBackend store;
  @Inject MailRepository mails;
  @Inject @Any Instance<DueWorkHandler> handlers;
  @Inject MailConfig config;
  @Inject ReportTemplates templates;
  @Inject RetentionConfig retention;

  @Test
  void aHundredConcurrentManualRunsStartOneRunWhichOneOfTwoDispatchersRunsOnce() throws Exception {
    String name = unique("Hammered");
    String mailId = create(task(alice(), name, spec -> {}));
    String body = ref(alice(), mailId).toString();

    Dispatcher second =
        new Dispatcher(
            store,
            clock,
            new TestDispatchConfig(Duration.ofSeconds(60), 4),
            handlers.stream().toList());
    MailRepository secondRepository = new MailRepository(store, retention);
    MailService secondServer =
        new MailService(
            secondRepository,
            new Directory(store),
            new RunStarter(secondRepository, config, clock, second),
            config,
            templates,
            clock);

    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      boolean toSecond = i % 2 == 1;
      calls.add(
          pool.submit(
              () -> {
                go.await();
                return toSecond ? callSecond(secondServer, mailId) : callOverHttp(body);
              }));
    }
    go.countDown();
    Map<String, Integer> outcomes = new TreeMap<>();
    for (Future<String> call : calls) {
      outcomes.merge(call.get(60, TimeUnit.SECONDS), 1, Integer::sum);
    }
    assertEquals(1, outcomes.get("started"), outcomes.toString());
    outcomes.remove("started");
    assertTrue(
        List.of("400 MailTask.Already.Running", "400 MailApi.Beyond.ScheduleLimit")
            .containsAll(outcomes.keySet()),
        outcomes.toString());
    assertEquals(1, runsOf(mailId), "exactly one run was written");

    CountDownLatch both = new CountDownLatch(1);
    List<Callable<Integer>> cycles =
        List.of(
            () -> {
              both.await();
              return dispatcher.dispatchOnce();
            },
            () -> {
              both.await();
              return second.dispatchOnce();
            });
    List<Future<Integer>> claimed = new ArrayList<>();
    for (Callable<Integer> cycle : cycles) {
      claimed.add(pool.submit(cycle));
    }
    both.countDown();
    for (Future<Integer> c : claimed) {
      c.get(60, TimeUnit.SECONDS);
    }
    assertTrue(dispatcher.awaitIdle(Duration.ofSeconds(30)));
    assertTrue(second.awaitIdle(Duration.ofSeconds(30)));
    for (int i = 0; i < 3; i++) {
      dispatcher.runUntilIdle(Duration.ofSeconds(30));
      second.runUntilIdle(Duration.ofSeconds(30));
      clock.advance(Duration.ofSeconds(6));
    }
    pool.shutdown();

    assertEquals("SENT", latestStatus(alice(), mailId));
    assertEquals(1, runsOf(mailId));
    List<String> to = new ArrayList<>();
    for (MimeMessage m : greenMail.getReceivedMessages()) {
      if (m.getSubject() != null && m.getSubject().startsWith(name)) {
        to.add(m.getAllRecipients()[0].toString());
      }
    }
    assertEquals(
        List.of("ann@example.org", "ben@example.net"),
        to.stream().sorted().toList(),
        "each recipient got the run's message once");
  }

  private static String callOverHttp(String body) {
    Response answer = Http.given().body(body).post("/ManualRunMailTask");
    return answer.statusCode() == 200
        ? "started"
        : answer.statusCode() + " " + answer.jsonPath().getString("Code");
  }

  /** A call answered by the second server: its own service over the same store. */
  private static String callSecond(MailService server, String mailId) {
    try {
      server.manualRun(new MailRequests.ManualRunMailTask("acme", "alice", mailId));
      return "started";
    } catch (ApiException refused) {
      return refused.httpStatus() + " " + refused.vendorCode();
    }
  }

  private int runsOf(String mailId) {
    return mails
        .runRecords()
        .scan(Scan.withPrefix(MailRepository.RUN_KIND, "acme", IndexSlot.INDEX1, mailId + "/", 100))
        .size();
  }
}
