package io.taskfn.calltask;

import io.taskfn.http.OutboundHttp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The dialer {@code taskfn.calltask.dialer.type} names. */
@ApplicationScoped
public class DialerProducer {

  @Produces
  @Singleton
  Dialer dialer(CallTaskConfig config, OutboundHttp http, Clock clock) {
    CallTaskConfig.Dialing dialing = config.dialer();
    return switch (dialing.type()) {
      case "simulated" -> new SimulatedDialer(clock);
      case "webhook" ->
          new WebhookDialer(
              http,
              dialing
                  .webhookUrl()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "taskfn.calltask.dialer.type=webhook needs"
                                  + " taskfn.calltask.dialer.webhook-url")),
              dialing.webhookTimeout(),
              clock);
      case "sip" ->
          new SipDialer(
              dialing
                  .sipProxy()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "taskfn.calltask.dialer.type=sip needs"
                                  + " taskfn.calltask.dialer.sip-proxy (host:port)")),
              dialing.sipTransport(),
              dialing.sipAddress(),
              dialing.sipPort(),
              dialing.audioDir(),
              clock);
      default ->
          throw new IllegalStateException(
              "taskfn.calltask.dialer.type="
                  + dialing.type()
                  + " is not a dialer; known: simulated, webhook, sip");
    };
  }

  void close(@Disposes Dialer dialer) throws Exception {
    if (dialer instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
