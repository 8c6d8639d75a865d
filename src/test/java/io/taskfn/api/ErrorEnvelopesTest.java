package io.taskfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorEnvelopesTest {

  /** A family that adds itself with nothing but this class and its functions.yaml entries. */
  record Mail() implements ErrorEnvelope {
    @Override
    public String family() {
      return "mail";
    }

    @Override
    public ErrorResponse render(ApiException e, String requestId) {
      return new ErrorResponse(
          e.httpStatus(),
          Map.of("X-Mail-Error", "1"),
          Map.of("error", Map.of("code", ErrorEnvelope.codeOr(e, "Invalid"), "id", requestId)));
    }
  }

  private static FunctionCatalog catalog(String family) throws Exception {
    String yaml =
        "functions:\n  - {name: SendMail, family: "
            + family
            + ", timeoutSeconds: 5, memoryMb: 128, route: /SendMail}\n";
    return FunctionCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aFunctionsErrorIsRenderedByItsFamilysEnvelope() throws Exception {
    ErrorEnvelopes envelopes =
        new ErrorEnvelopes(List.of(new Mail(), new TaskfnErrorEnvelope()), catalog("mail"));
    ErrorResponse mail =
        envelopes.render(
            "SendMail", BadInputException.of("To", "The parameter To is required."), "R1");
    assertEquals(400, mail.httpStatus());
    assertEquals(Map.of("X-Mail-Error", "1"), mail.headers());
    assertEquals(Map.of("error", Map.of("code", "Invalid", "id", "R1")), mail.body());

    ErrorResponse unknown =
        envelopes.render("Nope", new ApiException(404, null, "There is none.", null), "R2");
    assertEquals(
        Map.of("RequestId", "R2", "Code", "NotFound", "Message", "There is none."), unknown.body());
  }

  @Test
  void aMessageOverTheLimitIsCutWhateverTheFamilyQuotedInIt() throws Exception {
    ErrorEnvelopes envelopes =
        new ErrorEnvelopes(List.of(new Mail(), new TaskfnErrorEnvelope()), catalog("mail"));
    String name = "n".repeat(1_000_000);
    ErrorResponse unknown =
        envelopes.render(
            "Nope", new ApiException(404, "Gone", "Flow " + name + " does not exist.", "x"), "R3");
    assertEquals(404, unknown.httpStatus());
    String message = (String) ((Map<?, ?>) unknown.body()).get("Message");
    assertEquals(
        "Flow " + "n".repeat(ErrorEnvelopes.MAX_MESSAGE_LENGTH - "Flow ".length()) + "…", message);
    assertEquals("Gone", ((Map<?, ?>) unknown.body()).get("Code"));
  }

  @Test
  void aFamilyWithoutAnEnvelopeOrWithTwoStopsTheStart() throws Exception {
    FunctionCatalog mail = catalog("mail");
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class,
            () -> new ErrorEnvelopes(List.of(new TaskfnErrorEnvelope()), mail));
    assertTrue(missing.getMessage().contains("SendMail the family 'mail'"), missing.getMessage());
    assertThrows(
        IllegalStateException.class,
        () -> new ErrorEnvelopes(List.of(new Mail(), new Mail(), new TaskfnErrorEnvelope()), mail));
    assertThrows(IllegalStateException.class, () -> new ErrorEnvelopes(List.of(new Mail()), mail));
  }
}
