package io.taskfn.flow;

import io.quarkus.arc.DefaultBean;
import io.taskfn.flow.asl.Sleeper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** How flows wait: for real on a server; tests replace it with one that moves their clock. */
@ApplicationScoped
public class SleeperProducer {

  @Produces
  @DefaultBean
  @Singleton
  Sleeper sleeper() {
    return Sleeper.REAL;
  }
}
