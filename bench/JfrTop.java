import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's execution samples: the methods on top of the stack (self time) and
 * the methods anywhere on it (inclusive time), as shares of all samples; and the native-method
 * samples taken in SQLite's code. Run by bench/profile.sh.
 *
 * <p>Usage: java bench/JfrTop.java RECORDING.jfr [ROWS] [INCLUSIVE_PREFIX ...]
 */
public class JfrTop {
  public static void main(String[] args) throws Exception {
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    String[] prefixes = args.length > 2
        ? java.util.Arrays.copyOfRange(args, 2, args.length) : new String[] {""};
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> sqlite = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (e.getStackTrace() == null) {
        continue;
      }
      if (e.getEventType().getName().equals("jdk.NativeMethodSample")) {
        // Threads in native code; SQLite's work is done there and execution samples miss it.
        var frames = e.getStackTrace().getFrames();
        if (!frames.isEmpty() && name(frames.get(0)).startsWith("org.sqlite.")) {
          sqlite.merge(name(frames.get(0)), 1, Integer::sum);
        }
        continue;
      }
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      samples++;
      var frames = e.getStackTrace().getFrames();
      if (!frames.isEmpty()) {
        self.merge(name(frames.get(0)), 1, Integer::sum);
      }
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        for (String p : prefixes) {
          if (n.startsWith(p) && seen.add(n)) {
            inclusive.merge(n, 1, Integer::sum);
          }
        }
      }
    }
    System.out.println(samples + " execution samples");
    print("self (top frame)", self, samples, rows);
    print("inclusive (anywhere on the stack)", inclusive, samples, rows * 2);
    int inSqlite = sqlite.values().stream().mapToInt(Integer::intValue).sum();
    System.out.println(inSqlite + " native-method samples in SQLite (a thread in SQLite's code,"
        + " sampled apart from the execution samples)");
    print("SQLite native methods, as shares of those", sqlite, inSqlite, rows);
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
    System.out.println("-- " + title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(rows)
        .forEach(en -> System.out.printf("%5.1f%%  %s%n", 100.0 * en.getValue() / samples, en.getKey()));
  }
}
