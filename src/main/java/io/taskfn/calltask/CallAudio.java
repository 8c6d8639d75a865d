package io.taskfn.calltask;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.jboss.logging.Logger;

/**
 * The audio of a Type 0 (audio file) resource, as the SIP dialer plays it: {@code
 * <audio-dir>/<Resource>.wav}, 8 kHz mono (16-bit PCM, μ-law or A-law), encoded once for each G.711
 * law a callee may take.
 */
record CallAudio(byte[] pcmu, byte[] pcma) {

  private static final Logger LOG = Logger.getLogger(CallAudio.class);

  /** A resource name that stays inside the audio directory. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  static final float RATE = 8000f;

  /** How long the audio plays: one byte a sample. */
  Duration length() {
    return Duration.ofMillis(pcmu.length * 1000L / (long) RATE);
  }

  /**
   * The call's audio, or empty when it has none to play: no audio directory, a TTS resource, or a
   * file that is missing or not 8 kHz mono (logged).
   */
  static Optional<CallAudio> of(Optional<Path> audioDir, int type, String resource) {
    if (audioDir.isEmpty() || type != 0 || resource == null || !NAME.matcher(resource).matches()) {
      return Optional.empty();
    }
    Path file = audioDir.get().resolve(resource + ".wav");
    if (!Files.isRegularFile(file)) {
      LOG.warnf("no audio for resource %s: %s is not a file; the call is silent", resource, file);
      return Optional.empty();
    }
    try (AudioInputStream source = AudioSystem.getAudioInputStream(file.toFile())) {
      AudioFormat format = source.getFormat();
      if (format.getSampleRate() != RATE || format.getChannels() != 1) {
        LOG.warnf(
            "the audio of resource %s is %s, not 8 kHz mono; the call is silent", resource, format);
        return Optional.empty();
      }
      byte[] pcm = read(AudioSystem.getAudioInputStream(pcm16(), toPcm16(source)));
      return Optional.of(
          new CallAudio(
              encode(pcm, AudioFormat.Encoding.ULAW), encode(pcm, AudioFormat.Encoding.ALAW)));
    } catch (IOException | UnsupportedAudioFileException | IllegalArgumentException e) {
      LOG.warnf("the audio of resource %s could not be read (%s); the call is silent", resource, e);
      return Optional.empty();
    }
  }

  private static AudioFormat pcm16() {
    return new AudioFormat(RATE, 16, 1, true, false);
  }

  private static AudioInputStream toPcm16(AudioInputStream source) {
    AudioFormat format = source.getFormat();
    return format.getEncoding().equals(AudioFormat.Encoding.PCM_SIGNED)
        ? source
        : AudioSystem.getAudioInputStream(AudioFormat.Encoding.PCM_SIGNED, source);
  }

  private static byte[] encode(byte[] pcm, AudioFormat.Encoding law) throws IOException {
    AudioInputStream pcmStream =
        new AudioInputStream(new java.io.ByteArrayInputStream(pcm), pcm16(), pcm.length / 2);
    return read(AudioSystem.getAudioInputStream(law, pcmStream));
  }

  private static byte[] read(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    }
  }
}
