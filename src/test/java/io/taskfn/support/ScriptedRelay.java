package io.taskfn.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SMTP relay taskfn talks to in tests, on a loopback port that stays the same: it passes each
 * connection through to GreenMail, or answers every RCPT TO with a scripted reply (GreenMail can
 * not answer 451 or 550), or is down (the port refuses connections) and comes back.
 */
public final class ScriptedRelay implements AutoCloseable {

  private final int upstreamPort;
  private final int port;
  private final AtomicInteger connections = new AtomicInteger();
  private volatile ServerSocket server;
  private volatile String rcptReply;

  public ScriptedRelay(int upstreamPort) {
    this.upstreamPort = upstreamPort;
    this.server = listen(0);
    this.port = server.getLocalPort();
    acceptLoop(server);
  }

  public int port() {
    return port;
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Every connection from now on goes through to GreenMail. */
  public void pass() {
    rcptReply = null;
  }

  /** Every connection from now on is answered here, RCPT TO with {@code reply} ("451 4.3.0 …"). */
  public void replyToRecipients(String reply) {
    rcptReply = reply;
  }

  /** Stops listening: connections are refused until {@link #up()}. */
  public synchronized void down() {
    closeQuietly(server);
  }

  public synchronized void up() {
    if (server.isClosed()) {
      server = listen(port);
      acceptLoop(server);
    }
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void acceptLoop(ServerSocket listening) {
    daemon(
        () -> {
          while (!listening.isClosed()) {
            try {
              Socket client = listening.accept();
              connections.incrementAndGet();
              String reply = rcptReply;
              daemon(() -> serve(client, reply));
            } catch (IOException closed) {
              return;
            }
          }
        });
  }

  private void serve(Socket client, String reply) {
    try (client) {
      if (reply == null) {
        passThrough(client);
      } else {
        script(client, reply);
      }
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  private void passThrough(Socket client) throws IOException {
    try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
      Thread back = daemon(() -> pump(upstream, client));
      pump(client, upstream);
      try {
        back.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed: the other follows
    }
  }

  private static void script(Socket client, String rcptReply) throws IOException {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
    Writer out =
        new java.io.OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII);
    send(out, "220 scripted.relay ESMTP");
    String line;
    while ((line = in.readLine()) != null) {
      String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
      switch (verb) {
        case "EHLO", "HELO" -> send(out, "250 scripted.relay");
        case "MAIL", "RSET", "NOOP" -> send(out, "250 2.0.0 OK");
        case "RCPT" -> send(out, rcptReply);
        case "QUIT" -> {
          send(out, "221 2.0.0 bye");
          return;
        }
        default -> send(out, "503 5.5.1 bad sequence of commands");
      }
    }
  }

  private static void send(Writer out, String line) throws IOException {
    out.write(line + "\r\n");
    out.flush();
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "scripted-relay");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void closeQuietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    down();
  }
}
