package io.taskfn.store;

import io.quarkus.runtime.PreloadClassesRecorder;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
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

  static void primeBeforeSnapshot(
      @Observes StartupEvent event,
      @ConfigProperty(name = "aws.lambda.initialization-type") Optional<String> initialization,
      Instance<StoreBackend> store) {
    if (initialization.filter(SNAP_START::equals).isPresent()) {
      long started = System.nanoTime();
      PreloadClassesRecorder.preloadClasses(true);
      LOG.infof(
          "application classes loaded before the snapshot in %d ms",
          (System.nanoTime() - started) / 1_000_000);
      started = System.nanoTime();
      prime(store.get());
      LOG.infof(
          "store opened and read before the snapshot in %d ms",
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /** One read of a record that does not exist: the client, its connection and its codecs. */
  static void prime(StoreBackend store) {
    store.find(ABSENT);
  }
}
