package io.taskfn.calltask;

import static io.taskfn.calltask.CallTasksRig.phones;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.taskfn.calltask.CallTaskRequests.QueryCallRecordMsg;
import io.taskfn.store.InMemoryStoreBackend;
import io.taskfn.support.MutableClock;
import java.io.ByteArrayInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/**
 * Real SIP calls over loopback UDP, from the SIP dialer to {@code sipp} as the callee: an answered,
 * a busy, a declining and an unanswered number give their callResult, and the unanswered ones are
 * called again after RingAgainInterval (the test clock moves the interval; the calls themselves
 * take real time: a second of talk, two seconds of ringing).
 */
class SipDialerIntegrationTest {

  private static final String ANSWERS = "+8613800138001";
  private static final String BUSY = "+8613800138002";
  private static final String NO_ANSWER = "+8613800138003";
  private static final String DECLINES = "+8613800138004";

  @Test
  void answeredBusyAndUnansweredCallsOverSip() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T02:00:00Z"));
    try (SippCallee callee = SippCallee.start(Path.of("target", "sipp-" + System.nanoTime()));
        SipDialer dialer =
            new SipDialer(callee.address(), "udp", "127.0.0.1", 0, Optional.empty(), clock);
        CallTasksRig rig =
            new CallTasksRig(
                new InMemoryStoreBackend(), clock, TestCallTaskConfig.defaults(), dialer)) {
      String id =
          rig.createTask(
              CallTasksRig.createRequest(
                  "Name",
                  "sip",
                  "PhoneList",
                  phones(ANSWERS, BUSY, NO_ANSWER, DECLINES),
                  "Resource",
                  "res-1",
                  "NumberList",
                  List.of("+8613900139000"),
                  "SelectNumberType",
                  1,
                  "StartTime",
                  "2026-06-01 08:00:00",
                  "EndTime",
                  "2026-06-01 20:00:00",
                  "MaxRingDuration",
                  2,
                  "RingAgainTimes",
                  1,
                  "RingAgainInterval",
                  5,
                  "Concurrency",
                  4));

      rig.runDueWork();
      Map<String, List<Integer>> first = results(rig, id);
      assertEquals(
          Map.of(
              ANSWERS, List.of(1), BUSY, List.of(8), NO_ANSWER, List.of(28), DECLINES, List.of(9)),
          first,
          () -> "sipp said:\n" + callee.output());

      clock.advance(Duration.ofMinutes(5));
      rig.runDueWork();
      Map<String, List<Integer>> second = results(rig, id);
      assertEquals(
          Map.of(
              ANSWERS,
              List.of(1),
              BUSY,
              List.of(8, 8),
              NO_ANSWER,
              List.of(28, 28),
              DECLINES,
              List.of(9, 9)),
          second,
          () -> "sipp said:\n" + callee.output());

      CallRecord answered = firstRecord(rig, id, ANSWERS);
      assertNotNull(answered.startTime(), "an answered call has its answer time");
      assertEquals("+8613900139000", answered.caller());
      assertTrue(rig.progress(id).answered() == 1 && rig.progress(id).unanswered() == 3);
      assertEquals(TaskState.FINISHED.code(), rig.state(id));
    }
  }

  /** The same outcomes with SIP over TCP (taskfn.calltask.dialer.sip-transport=tcp). */
  @Test
  void answeredBusyAndDecliningCallsOverTcp() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T02:00:00Z"));
    try (SippCallee callee =
            SippCallee.start(Path.of("target", "sipp-" + System.nanoTime()), null, true);
        SipDialer dialer =
            new SipDialer(callee.address(), "tcp", "127.0.0.1", 0, Optional.empty(), clock);
        CallTasksRig rig =
            new CallTasksRig(
                new InMemoryStoreBackend(), clock, TestCallTaskConfig.defaults(), dialer)) {
      String id =
          rig.createTask(
              CallTasksRig.createRequest(
                  "PhoneList",
                  phones(ANSWERS, BUSY, DECLINES),
                  "StartTime",
                  "2026-06-01 08:00:00",
                  "EndTime",
                  "2026-06-01 20:00:00",
                  "Concurrency",
                  3));
      rig.runDueWork();
      assertEquals(
          Map.of(ANSWERS, List.of(1), BUSY, List.of(8), DECLINES, List.of(9)),
          results(rig, id),
          () -> "sipp said:\n" + callee.output());
    }
  }

  /**
   * An answered callee hears the resource's audio: 0.4 s of a tone written as an 8 kHz WAV arrives
   * as 20 RTP packets of 20 ms in the law the callee's answer asked for (PCMU), in order, at the
   * port its answer named; then the call is hung up.
   */
  @Test
  void anAnsweredCallHearsItsResourcesAudio() throws Exception {
    Path dir = Path.of("target", "sipp-" + System.nanoTime()).toAbsolutePath();
    Path audio = Files.createDirectories(dir.resolve("audio"));
    byte[] pcm = new byte[3200 * 2];
    for (int i = 0; i < 3200; i++) {
      short sample = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
      pcm[2 * i] = (byte) sample;
      pcm[2 * i + 1] = (byte) (sample >> 8);
    }
    AudioFormat format = new AudioFormat(8000f, 16, 1, true, false);
    AudioSystem.write(
        new AudioInputStream(new ByteArrayInputStream(pcm), format, 3200),
        AudioFileFormat.Type.WAVE,
        audio.resolve("greeting.wav").toFile());
    byte[] expected =
        AudioSystem.getAudioInputStream(
                AudioFormat.Encoding.ULAW,
                new AudioInputStream(new ByteArrayInputStream(pcm), format, 3200))
            .readAllBytes();
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T02:00:00Z"));
    try (DatagramSocket ear = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        SippCallee callee = SippCallee.start(dir, ear.getLocalPort(), false);
        SipDialer dialer =
            new SipDialer(callee.address(), "udp", "127.0.0.1", 0, Optional.of(audio), clock);
        CallTasksRig rig =
            new CallTasksRig(
                new InMemoryStoreBackend(), clock, TestCallTaskConfig.defaults(), dialer)) {
      String id =
          rig.createTask(
              CallTasksRig.createRequest(
                  "Name",
                  "audio",
                  "PhoneList",
                  phones(ANSWERS),
                  "Resource",
                  "greeting",
                  "StartTime",
                  "2026-06-01 08:00:00",
                  "EndTime",
                  "2026-06-01 20:00:00"));
      rig.runDueWork();
      assertEquals(1, firstRecord(rig, id, ANSWERS).callResult(), () -> callee.output());

      ear.setSoTimeout(5_000);
      ByteBuffer heard = ByteBuffer.allocate(expected.length);
      int firstSequence = -1;
      for (int n = 0; n < 20; n++) {
        DatagramPacket packet = new DatagramPacket(new byte[1500], 1500);
        ear.receive(packet);
        ByteBuffer rtp = ByteBuffer.wrap(packet.getData(), 0, packet.getLength());
        assertEquals(0x80, rtp.get() & 0xff, "RTP version 2");
        assertEquals(0, rtp.get() & 0x7f, "PCMU, as sipp's answer asked");
        int sequence = rtp.getShort() & 0xffff;
        firstSequence = n == 0 ? sequence : firstSequence;
        assertEquals((firstSequence + n) & 0xffff, sequence, "in order");
        rtp.position(12);
        assertEquals(160, rtp.remaining(), "20 ms a packet");
        heard.put(rtp);
      }
      assertEquals(
          java.util.HexFormat.of().formatHex(expected),
          java.util.HexFormat.of().formatHex(heard.array()),
          "the WAV's samples in μ-law");
    }
  }

  /**
   * StopTask ends the calls in flight: the answered call is hung up (BYE) and the ringing one
   * cancelled (CANCEL) at once, though the resource would play for five minutes and the phone may
   * ring for one; each call keeps its record. First the stop is answered by the server placing the
   * calls, then by another server over the same store (the calls' server reads the task's state).
   */
  @Test
  void stopTaskEndsTheCallsInFlight() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-06-01T02:00:00Z"));
    try (SippCallee callee = SippCallee.start(Path.of("target", "sipp-" + System.nanoTime()));
        SipDialer dialer =
            new SipDialer(callee.address(), "udp", "127.0.0.1", 0, Optional.empty(), clock);
        CallTasksRig rig =
            new CallTasksRig(
                new InMemoryStoreBackend(),
                clock,
                TestCallTaskConfig.defaults().withPlayDuration(Duration.ofMinutes(5)),
                dialer);
        CallsInFlight elsewhere = new CallsInFlight(rig.tasks, Duration.ofMinutes(1));
        SipMessages messages = new SipMessages()) {
      stopWhileOneTalksAndOneRings(
          rig, rig.service, messages, "+8613800138011", "+8613800138013", callee);
      stopWhileOneTalksAndOneRings(
          rig, rig.newService(elsewhere), messages, "+8613800138021", "+8613800138023", callee);
    }
  }

  private static void stopWhileOneTalksAndOneRings(
      CallTasksRig rig,
      CallTaskService stopper,
      SipMessages messages,
      String answers,
      String rings,
      SippCallee callee)
      throws Exception {
    String id =
        rig.createTask(
            CallTasksRig.createRequest(
                "Name",
                "stopped",
                "PhoneList",
                phones(answers, rings),
                "Resource",
                "res-1",
                "StartTime",
                "2026-06-01 08:00:00",
                "EndTime",
                "2026-06-01 20:00:00",
                "MaxRingDuration",
                60,
                "RingAgainTimes",
                3,
                "Concurrency",
                2));
    SipMessages.Progress inProgress = messages.expect(answers, rings);
    ExecutorService server = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> calls =
          server.submit(() -> rig.dispatcher.runUntilIdle(Duration.ofMinutes(10)));
      assertTrue(
          inProgress.await(30, TimeUnit.SECONDS),
          () -> "one call answered, the other ringing; sipp said:\n" + callee.output());
      stopper.stopTask(new CallTaskRequests.TaskAction(id, null, null));
      calls.get(30, TimeUnit.SECONDS);
    } finally {
      server.shutdownNow();
    }
    Map<String, List<Integer>> results = results(rig, id);
    assertEquals(
        Map.of(answers, List.of(1), rings, List.of(CallResult.STOPPED.code())),
        results,
        () -> "sipp said:\n" + callee.output());
    CallRecord talked = firstRecord(rig, id, answers);
    assertNotNull(talked.startTime(), "the answered call has its answer time");
    rig.clock.advance(Duration.ofMinutes(30));
    rig.runDueWork();
    assertEquals(results, results(rig, id), "a stopped task places no more calls");
    assertEquals(TaskState.STOPPED.code(), rig.state(id));
  }

  /**
   * Watches the SIP dialer's messages in the log: an ACK sent to a callee means its call is
   * answered, a 180 from it that it rings.
   */
  private static final class SipMessages extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger(SipLogging.class.getName());
    private final Level before = logger.getLevel();
    private volatile String answers;
    private volatile String rings;
    private static final Pattern CALL_ID = Pattern.compile("Call-ID: (\\S+)");
    private volatile String answeringCall;
    private volatile CountDownLatch answered = new CountDownLatch(0);
    private volatile CountDownLatch ringing = new CountDownLatch(0);

    SipMessages() {
      setLevel(Level.ALL);
      logger.setLevel(Level.FINE);
      // Watched here, not printed: every message of the test would fill its output.
      logger.setUseParentHandlers(false);
      logger.addHandler(this);
    }

    /**
     * Waits for the one number's answer and the other's ringing, each seen once at least: a
     * retransmitted INVITE gets a second 180, which must not stand in for the answer.
     */
    Progress expect(String answers, String rings) {
      CountDownLatch answer = new CountDownLatch(1);
      CountDownLatch ring = new CountDownLatch(1);
      this.answers = answers;
      this.rings = rings;
      answeringCall = null;
      answered = answer;
      ringing = ring;
      return (timeout, unit) -> answer.await(timeout, unit) && ring.await(timeout, unit);
    }

    interface Progress {
      boolean await(long timeout, TimeUnit unit) throws InterruptedException;
    }

    @Override
    public void publish(LogRecord record) {
      String text =
          record.getParameters() == null
              ? record.getMessage()
              : String.format(record.getMessage(), record.getParameters());
      if (text == null) {
        return;
      }
      // The ACK goes to the callee's Contact, not its number: it is known by the INVITE's Call-ID.
      Matcher callId = CALL_ID.matcher(text);
      if (text.startsWith("sent") && callId.find()) {
        if (text.contains("INVITE sip:" + answers + "@")) {
          answeringCall = callId.group(1);
        } else if (text.contains("\nACK ") && callId.group(1).equals(answeringCall)) {
          answered.countDown();
        }
      }
      if (text.startsWith("received")
          && text.contains("SIP/2.0 180")
          && text.contains("sip:" + rings + "@")) {
        ringing.countDown();
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
      logger.setUseParentHandlers(true);
      logger.setLevel(before);
    }
  }

  private static CallRecord firstRecord(CallTasksRig rig, String id, String callee) {
    return rig
        .service
        .queryCallRecordMsg(new QueryCallRecordMsg(id, 100, null))
        .result()
        .records()
        .stream()
        .filter(r -> r.callee().equals(callee))
        .findFirst()
        .orElseThrow();
  }

  /** Each callee's callResults, oldest first. */
  private static Map<String, List<Integer>> results(CallTasksRig rig, String id) {
    List<CallRecord> oldestFirst =
        new java.util.ArrayList<>(
            rig.service
                .queryCallRecordMsg(new QueryCallRecordMsg(id, 100, null))
                .result()
                .records());
    java.util.Collections.reverse(oldestFirst);
    return oldestFirst.stream()
        .collect(
            Collectors.groupingBy(
                CallRecord::callee,
                Collectors.mapping(CallRecord::callResult, Collectors.toList())));
  }
}
