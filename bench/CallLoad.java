import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls placed per second by a call task against the webhook dialer: serves the webhook (every
 * call answered at once), creates a task of NUMBERS numbers with CONCURRENCY, and times the calls
 * from the first to the last that reaches the webhook. Run by bench/calls-webhook.sh; not a test.
 *
 * <p>Usage: java bench/CallLoad.java BASE_URL WEBHOOK_PORT NUMBERS CONCURRENCY
 */
public class CallLoad {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final byte[] ANSWERED = "{\"callResult\":1}".getBytes(StandardCharsets.UTF_8);

  public static void main(String[] args) throws Exception {
    String base = args[0];
    int webhookPort = Integer.parseInt(args[1]);
    int numbers = Integer.parseInt(args[2]);
    int concurrency = Integer.parseInt(args[3]);

    AtomicInteger calls = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    AtomicLong first = new AtomicLong();
    AtomicLong last = new AtomicLong();
    HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", webhookPort), 512);
    webhook.setExecutor(Executors.newCachedThreadPool());
    webhook.createContext(
        "/dial",
        exchange -> {
          int now = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(now, Math::max);
          try {
            exchange.getRequestBody().readAllBytes();
            long at = System.nanoTime();
            first.compareAndSet(0, at);
            last.set(at);
            calls.incrementAndGet();
            exchange.sendResponseHeaders(200, ANSWERED.length);
            exchange.getResponseBody().write(ANSWERED);
          } finally {
            inFlight.decrementAndGet();
            exchange.close();
          }
        });
    webhook.start();

    DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    LocalDateTime now = LocalDateTime.now(ZoneOffset.ofHours(8));
    StringBuilder phones = new StringBuilder();
    int inCreate = Math.min(numbers, 10_000);
    for (int i = 0; i < inCreate; i++) {
      phones.append(i == 0 ? "" : ",").append("{\"Phone\":\"+86138").append(String.format("%08d", i)).append("\"}");
    }
    String create =
        "{\"Name\":\"bench\",\"Resource\":\"r\",\"NumberPoolNo\":\"NP1\",\"Concurrency\":"
            + concurrency
            + ",\"StartTime\":\""
            + format.format(now.minusMinutes(1))
            + "\",\"EndTime\":\""
            + format.format(now.plusDays(1))
            + "\",\"PhoneList\":["
            + phones
            + "]}";
    long created = System.nanoTime();
    String answer = post(base + "/CreateTask", create);
    Matcher id = Pattern.compile("\"TaskOpenId\":\"([^\"]+)\"").matcher(answer);
    if (!id.find()) {
      throw new IllegalStateException("CreateTask answered " + answer);
    }
    String task = id.group(1);
    double createMs = (System.nanoTime() - created) / 1e6;
    for (int from = inCreate; from < numbers; from += 10_000) {
      StringBuilder more = new StringBuilder();
      for (int i = from; i < Math.min(numbers, from + 10_000); i++) {
        more.append(i == from ? "" : ",").append("{\"Phone\":\"+86138").append(String.format("%08d", i)).append("\"}");
      }
      post(base + "/BatchAppend", "{\"TaskOpenId\":\"" + task + "\",\"PhoneList\":[" + more + "]}");
    }

    long deadline = System.nanoTime() + 600_000_000_000L;
    Pattern answered = Pattern.compile("\"Answered\":(\\d+)");
    while (System.nanoTime() < deadline) {
      Matcher m = answered.matcher(post(base + "/QueryTaskInfo", "{\"TaskOpenId\":\"" + task + "\"}"));
      if (m.find() && Integer.parseInt(m.group(1)) >= numbers) {
        break;
      }
      Thread.sleep(100);
    }
    webhook.stop(0);
    double seconds = (last.get() - first.get()) / 1e9;
    System.out.printf(
        "numbers %d, Concurrency %d: CreateTask %.0f ms; %d calls in %.2f s from the first to the last"
            + " = %.0f calls/s; at most %d in flight at the webhook%n",
        numbers, concurrency, createMs, calls.get(), seconds, (calls.get() - 1) / seconds, maxInFlight.get());
    System.exit(0);
  }

  private static String post(String url, String body) throws Exception {
    return CLIENT
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
