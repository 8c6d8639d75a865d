package io.taskfn.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The count of a conformance run against recorded cases: which cases match, which differ without
 * being listed as known, and which listed ones match now; the report of every difference goes to
 * {@code target/}.
 */
public final class ConformanceTally {

  private final Set<String> known;
  private final String listName;
  private final List<String> unexpected = new ArrayList<>();
  private final List<String> fixed = new ArrayList<>();
  private final StringBuilder report = new StringBuilder();
  private int cases;
  private int matched;

  /**
   * @param known the cases listed as not matching
   * @param listName that list's name in messages ("known-failures list")
   */
  public ConformanceTally(Set<String> known, String listName) {
    this.known = known;
    this.listName = listName;
  }

  /** Counts one case, which matched when {@code difference} is null; returns whether it did. */
  public boolean record(String name, String difference) {
    cases++;
    if (difference == null) {
      matched++;
      if (known.contains(name)) {
        fixed.add(name);
      }
      return true;
    }
    report.append(name).append('\t').append(difference).append('\n');
    if (!known.contains(name)) {
      unexpected.add(name + "\n    " + difference);
    }
    return false;
  }

  public int matched() {
    return matched;
  }

  public int cases() {
    return cases;
  }

  /**
   * Writes the report to {@code target/<reportFile>}, prints "{@code title}: M/N cases match", and
   * fails on a case that differs unlisted or a listed one that matches now.
   */
  public void finish(String title, String reportFile) throws IOException {
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", reportFile), report.toString());
    System.out.printf("%s: %d/%d cases match%n", title, matched, cases);
    assertTrue(
        unexpected.isEmpty(),
        unexpected.size()
            + " cases differ without being listed as known:\n"
            + String.join("\n", unexpected.subList(0, Math.min(40, unexpected.size()))));
    assertEquals(List.of(), fixed, "these listed cases match now: take them off the " + listName);
  }
}
