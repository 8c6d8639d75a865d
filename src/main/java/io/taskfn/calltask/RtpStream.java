package io.taskfn.calltask;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Audio sent to an answered callee as RTP (RFC 3550): G.711 at 8 kHz, 20 ms (160 samples) a packet,
 * to where the callee's SDP answer asks for it, paced by the real clock.
 */
final class RtpStream {
  private RtpStream() {}

  static final int PCMU = 0;
  static final int PCMA = 8;
  static final int SAMPLES_PER_PACKET = 160;
  private static final long PACKET_NANOS = 20_000_000L;

  /** Where to send the audio and in which law. */
  record Target(InetSocketAddress address, int payloadType) {}

  /**
   * The audio target of an SDP answer: its connection address, its first audio stream's port, and
   * the first G.711 law it lists; empty when it takes neither law or sends no address.
   */
  static Optional<Target> fromAnswer(String sdp) {
    if (sdp == null) {
      return Optional.empty();
    }
    String host = null;
    Integer port = null;
    Integer law = null;
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("c=IN IP4 ") && host == null) {
        host = line.substring("c=IN IP4 ".length()).trim();
      } else if (line.startsWith("m=audio ") && port == null) {
        String[] fields = line.trim().split(" +");
        if (fields.length < 4) {
          return Optional.empty();
        }
        try {
          port = Integer.parseInt(fields[1]);
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
        for (int i = 3; i < fields.length && law == null; i++) {
          if (fields[i].equals("0") || fields[i].equals("8")) {
            law = Integer.parseInt(fields[i]);
          }
        }
      }
    }
    if (host == null || port == null || law == null || port <= 0 || port > 65535) {
      return Optional.empty();
    }
    return Optional.of(new Target(new InetSocketAddress(host, port), law));
  }

  /**
   * Sends the audio packet by packet until it ends or {@code stop} says the call ended.
   *
   * @return whether all of it was sent
   */
  static boolean play(DatagramSocket socket, Target to, byte[] audio, BooleanSupplier stop)
      throws IOException, InterruptedException {
    int ssrc = ThreadLocalRandom.current().nextInt();
    int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    int timestamp = ThreadLocalRandom.current().nextInt();
    long start = System.nanoTime();
    for (int offset = 0, n = 0; offset < audio.length; offset += SAMPLES_PER_PACKET, n++) {
      if (stop.getAsBoolean()) {
        return false;
      }
      int length = Math.min(SAMPLES_PER_PACKET, audio.length - offset);
      ByteBuffer packet = ByteBuffer.allocate(12 + length);
      packet.put((byte) 0x80); // version 2, no padding, extension or CSRC
      packet.put((byte) ((n == 0 ? 0x80 : 0) | to.payloadType())); // marker on the first
      packet.putShort((short) (sequence + n));
      packet.putInt(timestamp + n * SAMPLES_PER_PACKET);
      packet.putInt(ssrc);
      packet.put(audio, offset, length);
      socket.send(new DatagramPacket(packet.array(), packet.capacity(), to.address()));
      long due = start + (n + 1) * PACKET_NANOS;
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
        if (Thread.interrupted()) {
          throw new InterruptedException("the call's audio was stopped");
        }
      }
    }
    return true;
  }
}
