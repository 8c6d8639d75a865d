package io.taskfn.store;

import io.quarkus.runtime.PreloadClassesRecorder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Loads the application's classes, then opens the store and reads it once, during a Lambda init
 * that SnapStart snapshots (Lambda sets {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}), so that
 * a restored function has them loaded and its store client built instead of paying for them on its
 * first request. Any other start loads a class and opens the store when a request first needs it:
 * an on-demand cold start would only move that cost before its first answer, and for classes of
 * functions it never runs add to it. Hence Quarkus' own preloading at every start is off ({@code
 * quarkus.snapstart.preload-classes=false}); its list of the application's classes is still
 * generated, and read here.
 */
@ApplicationScoped
public class StorePriming {

  static final String SNAP_START = "snap-start";
  static final RecordKey ABSENT = new RecordKey("priming", StoreProducer.DEFAULT_TENANT, "none");

  private static final Logger LOG = Logger.getLogger(StorePriming.class);

  /** Where Quarkus lists the application's classes for SnapStart (it reads the same resource). */
  static final String PRELOAD_LIST = "META-INF/quarkus-generated-preload-classes.txt";

  static void primeBeforeSnapshot(
      @Observes StartupEvent event,
      @ConfigProperty(name = "aws.lambda.initialization-type") Optional<String> initialization,
      Instance<StoreBackend> store) {
    if (initialization.filter(SNAP_START::equals).isPresent()) {
      long started = System.nanoTime();
      long listed = listedClasses();
      PreloadClassesRecorder.preloadClasses(true);
      LOG.infof(
          "%d application classes loaded before the snapshot in %d ms",
          listed, (System.nanoTime() - started) / 1_000_000);
      started = System.nanoTime();
      prime(store.get());
      LOG.infof(
          "store opened and read before the snapshot in %d ms",
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * How many classes the list Quarkus generates names: its preloading passes over a missing list
   * (or a class that fails) without a word, so the count is what the log can show.
   */
  private static long listedClasses() {
    try (InputStream list =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(PRELOAD_LIST)) {
      if (list == null) {
        LOG.warnf("%s is missing: no application classes to load", PRELOAD_LIST);
        return 0;
      }
      return new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))
          .lines()
          .filter(line -> !line.isBlank())
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + PRELOAD_LIST, e);
    }
  }

  /** One read of a record that does not exist: the client, its connection and its codecs. */
  static void prime(StoreBackend store) {
    store.find(ABSENT);
  }
}
