package io.taskfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Which packages the sources of each package name. The families (job, flow, email, calltask, mail)
 * reach each other and the triggers only through interfaces of the toolkit (api); the toolkit names
 * no family, and api, the base of the toolkit, names no other package.
 */
class DependencyDirectionTest {

  private static final Path SOURCES = Path.of("src/main/java/io/taskfn");
  private static final Pattern REFERENCE = Pattern.compile("io\\.taskfn\\.([a-z]+(\\.asl)?)");
  private static final Set<String> TOOLKIT = Set.of("api", "http", "store", "dispatch");

  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("api", Set.of()),
          Map.entry("http", Set.of("api")),
          Map.entry("store", Set.of()),
          Map.entry("dispatch", Set.of("api", "store")),
          Map.entry("trigger", Set.of("api", "http", "dispatch")),
          Map.entry("deploy", Set.of("api", "store")),
          Map.entry("ops", Set.of("api", "store", "dispatch")),
          Map.entry("job", TOOLKIT),
          Map.entry("email", TOOLKIT),
          Map.entry("flow", union(TOOLKIT, Set.of("flow.asl"))),
          Map.entry("calltask", TOOLKIT),
          Map.entry("mail", TOOLKIT),
          Map.entry("flow.asl", Set.of()));

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void eachPackageNamesOnlyThePackagesItMay() {
    Map<String, Set<String>> found = new TreeMap<>();
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
        packages.add(pkg);
        Matcher m = REFERENCE.matcher(Files.readString(file));
        while (m.find()) {
          String used = m.group(1);
          if (!used.equals(pkg) && !ALLOWED.getOrDefault(pkg, Set.of()).contains(used)) {
            found
                .computeIfAbsent(pkg + " (" + file.getFileName() + ")", k -> new TreeSet<>())
                .add(used);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(Map.of(), found, "packages named against the direction of dependencies");
    assertEquals(new TreeSet<>(ALLOWED.keySet()), packages, "a new package needs its rule here");
  }
}
