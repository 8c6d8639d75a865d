import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The email family's figures, not a test: messages/s that taskfn delivers to an SMTP server on
 * loopback (an SMTP sink here, which accepts every message), and GetSendStatus requests/s against
 * a bare Funqy endpoint serving the same answer, measured one after the other in the same run.
 * Run by bench/email.sh.
 *
 * <p>Usage: java bench/EmailLoad.java TASKFN_URL BARE_URL SMTP_PORT THREADS MESSAGES SECONDS
 */
public class EmailLoad {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\":\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    String taskfn = args[0];
    String bare = args[1];
    int smtpPort = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    int messages = Integer.parseInt(args[4]);
    int seconds = Integer.parseInt(args[5]);
    SmtpSink sink = new SmtpSink(smtpPort);

    // Warm-up: the JIT, the mailer's connection pool, the store.
    String someId = send(taskfn, threads, Math.max(500, messages / 10), sink).get(0);
    int before = sink.received.get();
    long started = System.nanoTime();
    List<String> ids = send(taskfn, threads, messages, sink);
    double accepted = (System.nanoTime() - started) / 1e9;
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (sink.received.get() < before + messages && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    double delivered = (sink.lastReceived.get() - started) / 1e9;
    int arrived = sink.received.get() - before;
    System.out.printf("SendEmail: %d messages from %d threads accepted in %.2f s (%.0f/s)%n",
        messages, threads, accepted, messages / accepted);
    System.out.printf("delivered to the SMTP server on loopback: %d in %.2f s: %.0f messages/s%n",
        arrived, delivered, arrived / delivered);

    String body = "{\"messageId\":\"" + (ids.isEmpty() ? someId : ids.get(0)) + "\"}";
    // Each after a warm-up of its own.
    load(bare + "/GetSendStatus", body, threads, 3);
    double bareRate = load(bare + "/GetSendStatus", body, threads, seconds);
    load(taskfn + "/GetSendStatus", body, threads, 3);
    double taskfnRate = load(taskfn + "/GetSendStatus", body, threads, seconds);
    System.out.printf("GetSendStatus, %d threads, %d s each: bare Funqy %.0f req/s, taskfn %.0f req/s"
        + " (%.0f%% of bare)%n", threads, seconds, bareRate, taskfnRate, 100 * taskfnRate / bareRate);
    System.exit(0);
  }

  /** Sends {@code count} messages from {@code threads} threads; returns their ids. */
  private static List<String> send(String base, int threads, int count, SmtpSink sink)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    List<Future<List<String>>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      parts.add(pool.submit(() -> {
        List<String> ids = new ArrayList<>();
        while (next.getAndIncrement() < count) {
          String answer = post(base + "/SendEmail", """
              {"sender":"bench@bench.test","content":{"subject":"bench","plainText":"hello from the benchmark"},
               "recipients":{"to":[{"email":"sink@example.org"}]}}""");
          Matcher m = MESSAGE_ID.matcher(answer);
          if (!m.find()) {
            throw new IllegalStateException("SendEmail answered " + answer);
          }
          ids.add(m.group(1));
        }
        return ids;
      }));
    }
    List<String> all = new ArrayList<>();
    for (Future<List<String>> part : parts) {
      all.addAll(part.get());
    }
    pool.shutdown();
    return all;
  }

  /** Calls {@code url} from {@code threads} threads for {@code seconds}; returns requests/s. */
  private static double load(String url, String body, int threads, int seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long started = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(pool.submit(() -> {
        while (System.nanoTime() < end) {
          String answer = post(url, body);
          if (!answer.contains("outForDelivery")) {
            throw new IllegalStateException(url + " answered " + answer);
          }
          done.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    return done.get() / ((System.nanoTime() - started) / 1e9);
  }

  private static String post(String url, String body) throws IOException, InterruptedException {
    HttpResponse<String> response = CLIENT.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  /** An SMTP server that accepts every message and counts it: the relay taskfn delivers to. */
  static final class SmtpSink {
    final AtomicInteger received = new AtomicInteger();
    final AtomicLong lastReceived = new AtomicLong();

    SmtpSink(int port) throws IOException {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      Thread accept = new Thread(() -> {
        while (true) {
          try {
            Socket client = server.accept();
            Thread t = new Thread(() -> serve(client));
            t.setDaemon(true);
            t.start();
          } catch (IOException e) {
            return;
          }
        }
      });
      accept.setDaemon(true);
      accept.start();
    }

    private void serve(Socket client) {
      try (client) {
        BufferedReader in = new BufferedReader(
            new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII);
        reply(out, "220 sink ESMTP");
        String line;
        while ((line = in.readLine()) != null) {
          String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
          switch (verb) {
            case "DATA" -> {
              reply(out, "354 go ahead");
              while ((line = in.readLine()) != null && !line.equals(".")) {
                // the message body: only its end matters here
              }
              received.incrementAndGet();
              lastReceived.set(System.nanoTime());
              reply(out, "250 2.0.0 queued");
            }
            case "QUIT" -> {
              reply(out, "221 bye");
              return;
            }
            default -> reply(out, "250 OK");
          }
        }
      } catch (IOException e) {
        // the client went away
      }
    }

    private static void reply(Writer out, String line) throws IOException {
      out.write(line + "\r\n");
      out.flush();
    }
  }
}
