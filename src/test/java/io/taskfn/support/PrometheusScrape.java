package io.taskfn.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code /q/metrics} answers, read from the Prometheus text format into samples. */
public final class PrometheusScrape {

  public record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\S+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  private final List<Sample> samples;

  private PrometheusScrape(List<Sample> samples) {
    this.samples = samples;
  }

  public static PrometheusScrape scrape() {
    String text =
        Http.given()
            .accept("text/plain; version=0.0.4")
            .get("/q/metrics")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return parse(text);
  }

  /**
   * Scrapes until {@code done} holds or ten seconds pass, and returns the last scrape: a request is
   * counted as its response ends, which can be just after the client has read that response.
   */
  public static PrometheusScrape scrapeUntil(Predicate<PrometheusScrape> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    PrometheusScrape last = scrape();
    while (!done.test(last) && System.nanoTime() < deadline) {
      last = scrape();
    }
    return last;
  }

  static PrometheusScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return new PrometheusScrape(samples);
  }

  /** The samples named {@code name} whose labels include all of {@code labels}. */
  public List<Sample> find(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  /** The sum of the values of {@link #find}; 0 when there are none. */
  public double sum(String name, Map<String, String> labels) {
    return find(name, labels).stream().mapToDouble(Sample::value).sum();
  }
}
