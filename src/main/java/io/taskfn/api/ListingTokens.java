package io.taskfn.api;

import io.taskfn.store.Scan;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The NextToken of a listing: where its last page ended in the store's index, opaque to the caller.
 */
public final class ListingTokens {
  private ListingTokens() {}

  private static final char SEPARATOR = '\n';

  public static String encode(Scan.Position position) {
    String plain =
        (position.indexValue() == null ? "" : position.indexValue()) + SEPARATOR + position.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws BadInputException naming NextToken if the token is not one this service gave
   */
  public static Scan.Position decode(String token) {
    String plain;
    try {
      plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw notOurs();
    }
    int cut = plain.indexOf(SEPARATOR);
    if (cut < 0 || cut == plain.length() - 1) {
      throw notOurs();
    }
    return new Scan.Position(plain.substring(0, cut), plain.substring(cut + 1));
  }

  private static BadInputException notOurs() {
    return BadInputException.of(
        "NextToken", "The parameter NextToken is not one this service gave.");
  }
}
