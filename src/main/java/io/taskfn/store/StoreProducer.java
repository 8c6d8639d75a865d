package io.taskfn.store;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens the backend named by {@code taskfn.store}. */
@ApplicationScoped
public class StoreProducer {

  /** Tenant of every record until authentication brings real accounts. */
  public static final String DEFAULT_TENANT = "default";

  @ConfigProperty(name = "taskfn.store", defaultValue = "embedded")
  String backend;

  @ConfigProperty(name = "taskfn.store.path", defaultValue = "./data")
  String path;

  @Produces
  @DefaultBean
  @Singleton
  StoreBackend storeBackend() {
    return switch (backend) {
      case "embedded" -> EmbeddedStoreBackend.open(Path.of(path));
      default ->
          throw new IllegalStateException(
              "taskfn.store=" + backend + " is not a known store; known: embedded");
    };
  }

  void close(@Disposes StoreBackend store) {
    store.close();
  }
}
