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
import io.taskfn.dispatch.Dispatcher;
import io.taskfn.dispatch.DueWorkHandler;
import io.taskfn.store.IndexSlot;
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
 * At most one run of a task at a time: a hundred concurrent ManualRunMailTask calls start one, and
 * of two dispatchers over the store (two servers) one runs it, once.
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

  @Test
  void aHundredConcurrentManualRunsStartOneRunWhichOneOfTwoDispatchersRunsOnce() throws Exception {
    String name = unique("Hammered");
    String mailId = create(task(alice(), name, spec -> {}));
    String body = ref(alice(), mailId).toString();

    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      calls.add(
          pool.submit(
              () -> {
                go.await();
                Response answer = Http.given().body(body).post("/ManualRunMailTask");
                return answer.statusCode() == 200
                    ? "started"
                    : answer.statusCode() + " " + answer.jsonPath().getString("Code");
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

    Dispatcher second =
        new Dispatcher(
            store,
            clock,
            new TestDispatchConfig(Duration.ofSeconds(60), 4),
            handlers.stream().toList());
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

  private int runsOf(String mailId) {
    return mails
        .runRecords()
        .scan(Scan.withPrefix(MailRepository.RUN_KIND, "acme", IndexSlot.INDEX1, mailId + "/", 100))
        .size();
  }
}
