package io.taskfn.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Reads {@code functions.yaml} once, at start. */
@ApplicationScoped
public class CatalogProducer {

  @Produces
  @Singleton
  FunctionCatalog catalog() {
    return FunctionCatalog.loadFromClasspath();
  }
}
