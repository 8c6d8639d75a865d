package io.taskfn.trigger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Starts the server with Quarkus' own URI check off. That check answers a URI {@code java.net.URI}
 * rejects (a bad %-escape, a '|' or '{') with an empty 400 before any route can see the request;
 * {@link HttpErrorRoutes} makes the same check first and answers in the family's envelope. Quarkus
 * reads the switch once, as a system property, when its HTTP recorder is loaded: hence here, before
 * Quarkus starts (tests set it in the build).
 */
@QuarkusMain
public final class TaskfnMain {
  private TaskfnMain() {}

  public static void main(String... args) {
    System.setProperty("vertx.disableURIValidation", "true");
    Quarkus.run(args);
  }
}
