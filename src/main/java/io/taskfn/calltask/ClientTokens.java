package io.taskfn.calltask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.taskfn.api.Params;
import io.taskfn.store.DuplicateRecordException;
import io.taskfn.store.RecordShape;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.Versioned;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code ClientToken}: a mutating request sent again with the same token and parameters gets the
 * first answer and changes nothing; with other parameters it is refused. A token is claimed before
 * the work (an insert, so of two concurrent requests one does the work) and holds the answer after;
 * a request that was refused frees its token. Tokens are kept a day.
 */
final class ClientTokens {

  static final Duration KEPT = Duration.ofDays(1);

  /**
   * A claim whose request has not answered in this long was left by a server that died: the next
   * request with the token does the work.
   */
  static final Duration ABANDONED = Duration.ofMinutes(2);

  @RegisterForReflection
  record Token(String fingerprint, String answer, Instant claimed) {}

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private final TypedRepository<Token> tokens;
  private final Clock clock;

  ClientTokens(StoreBackend store, Clock clock) {
    this.tokens =
        new TypedRepository<>(
            store,
            "vmstoken",
            Token.class,
            RecordShape.<Token>plain().expiresAt(t -> t.claimed().plus(KEPT)));
    this.clock = clock;
  }

  /**
   * Runs {@code work} once for the token: the answer of the first request with it, or the rejection
   * of a request whose parameters differ.
   *
   * @param request the parameters; its {@code ClientToken} is not one of them
   * @param resultType the type of the answer's Result, to read a kept answer back
   */
  <R> VmsMetadata.Answer<R> once(
      String action,
      String clientToken,
      Object request,
      Class<R> resultType,
      Supplier<VmsMetadata.Answer<R>> work) {
    if (clientToken == null) {
      return work.get();
    }
    Params.noControlCharacters("ClientToken", clientToken);
    if (clientToken.isEmpty() || clientToken.length() > 64) {
      throw VmsErrors.invalid("ClientToken", "a token is 1 to 64 characters long");
    }
    String id = action + "/" + clientToken;
    String fingerprint = fingerprint(request);
    Optional<VmsMetadata.Answer<R>> first = claim(id, fingerprint, resultType);
    if (first.isPresent()) {
      return first.get();
    }
    VmsMetadata.Answer<R> answer;
    try {
      answer = work.get();
    } catch (RuntimeException refused) {
      tokens.delete(CallTaskStore.TENANT, id, token -> {});
      throw refused;
    }
    String kept = encode(answer);
    tokens.update(CallTaskStore.TENANT, id, t -> new Token(t.fingerprint(), kept, t.claimed()));
    return answer;
  }

  /** Empty when this request is to do the work; else the first answer. */
  private <R> Optional<VmsMetadata.Answer<R>> claim(
      String id, String fingerprint, Class<R> resultType) {
    Instant now = clock.instant();
    try {
      tokens.insert(CallTaskStore.TENANT, id, new Token(fingerprint, null, now), null);
      return Optional.empty();
    } catch (DuplicateRecordException taken) {
      Versioned<Token> existing = tokens.find(CallTaskStore.TENANT, id).orElseThrow(() -> taken);
      Token token = existing.value();
      if (!token.fingerprint().equals(fingerprint)) {
        throw VmsErrors.parameterMismatch();
      }
      if (token.answer() != null) {
        return Optional.of(decode(token.answer(), resultType));
      }
      if (token.claimed().plus(ABANDONED).isAfter(now)) {
        throw VmsErrors.denied("a request with the same ClientToken is still being answered");
      }
      // Taken over by compare-and-set: of two requests finding it abandoned, one does the work.
      tokens.replace(existing, new Token(fingerprint, null, now), null);
      return Optional.empty();
    }
  }

  private static String fingerprint(Object request) {
    ObjectNode tree = CANONICAL.valueToTree(request);
    tree.remove("ClientToken");
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(CANONICAL.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("could not fingerprint a request", e);
    }
  }

  private static String encode(Object answer) {
    try {
      return CANONICAL.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not keep an answer", e);
    }
  }

  private static <R> VmsMetadata.Answer<R> decode(String answer, Class<R> resultType) {
    JavaType type =
        CANONICAL.getTypeFactory().constructParametricType(VmsMetadata.Answer.class, resultType);
    try {
      return CANONICAL.readValue(answer, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not read a kept answer", e);
    }
  }
}
