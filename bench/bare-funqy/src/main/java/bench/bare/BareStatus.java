package bench.bare;

import io.quarkus.funqy.Funq;

/** GetSendStatus's answer with nothing behind it: what Funqy alone costs per call. */
public class BareStatus {

  public record MessageRef(String messageId) {}

  public record SendStatusResult(String messageId, String status) {}

  @Funq("GetSendStatus")
  public SendStatusResult getSendStatus(MessageRef request) {
    return new SendStatusResult(request.messageId(), "outForDelivery");
  }
}
