package io.taskfn.store;

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

  /** Where Quarkus lists the application's classes for SnapStart. */
  static final String PRELOAD_LIST = "META-INF/quarkus-generated-preload-classes.txt";

  static void primeBeforeSnapshot(
      @Observes StartupEvent event,
      @ConfigProperty(name = "aws.lambda.initialization-type") Optional<String> initialization,
      Instance<StoreBackend> store) {
    if (initialization.filter(SNAP_START::equals).isPresent()) {
      long started = System.nanoTime();
      int loaded = loadListedClasses();
      LOG.infof(
          "%d application classes loaded before the snapshot in %d ms",
          loaded, (System.nanoTime() - started) / 1_000_000);
      started = System.nanoTime();
      prime(store.get());
      LOG.infof(
          "store opened and read before the snapshot in %d ms",
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * Loads and initialises each class Quarkus listed, as its own preloading would, and counts those
   * that loaded: a class that fails to is left for its first use to report, and a missing list is
   * said in the log (the count is what shows the snapshot got the classes).
   */
  private static int loadListedClasses() {
    ClassLoader loader = StorePriming.class.getClassLoader();
    try (InputStream list = loader.getResourceAsStream(PRELOAD_LIST)) {
      if (list == null) {
        LOG.warnf("%s is missing: no application classes to load", PRELOAD_LIST);
        return 0;
      }
      int loaded = 0;
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        int comment = line.indexOf('#');
        String name = (comment < 0 ? line : line.substring(0, comment)).strip();
        if (name.isEmpty()) {
          continue;
        }
        try {
          Class.forName(name, true, loader);
          loaded++;
        } catch (ClassNotFoundException | LinkageError e) {
          LOG.debugf("%s was not loaded before the snapshot: %s", name, e);
        }
      }
      return loaded;
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + PRELOAD_LIST, e);
    }
  }

  /** One read of a record that does not exist: the client, its connection and its codecs. */
  static void prime(StoreBackend store) {
    store.find(ABSENT);
  }
}
