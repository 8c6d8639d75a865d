package io.taskfn.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One page of a listing: records of a kind and tenant whose value in an index slot equals {@code
 * value} (or starts with it, for a {@code prefix} scan), ordered by (index value, id) ascending or
 * newest first, starting beyond {@code after} in that order.
 *
 * <p>With no slot the records of the kind are ordered by id alone, and {@code value}, if given,
 * must prefix the id.
 */
public record Scan(
    String kind,
    String tenant,
    IndexSlot slot,
    String value,
    boolean prefix,
    Position after,
    int limit,
    boolean descending) {

  /** Where a page ended: the next page starts beyond it. */
  public record Position(String indexValue, String id) {

    private static final char SEPARATOR = '\n';

    /** The position as an opaque token for a listing's NextToken. */
    public String token() {
      String plain = (indexValue == null ? "" : indexValue) + SEPARATOR + id;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position a {@link #token()} holds.
     *
     * @throws IllegalArgumentException if the text is no such token
     */
    public static Position fromToken(String token) {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int cut = plain.indexOf(SEPARATOR);
      if (cut < 0 || cut == plain.length() - 1) {
        throw new IllegalArgumentException("not a listing token");
      }
      return new Position(plain.substring(0, cut), plain.substring(cut + 1));
    }
  }

  public Scan {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    if (slot != null && value == null) {
      throw new IllegalArgumentException("an index scan needs a value or prefix");
    }
  }

  /** Records whose slot holds exactly {@code value}, in id order. */
  public static Scan exact(String kind, String tenant, IndexSlot slot, String value, int limit) {
    return new Scan(kind, tenant, slot, value, false, null, limit, false);
  }

  /** Records whose slot value starts with {@code prefix}, in (value, id) order. */
  public static Scan withPrefix(
      String kind, String tenant, IndexSlot slot, String prefix, int limit) {
    return new Scan(kind, tenant, slot, prefix, true, null, limit, false);
  }

  /** Every record of the kind and tenant, in id order. */
  public static Scan all(String kind, String tenant, int limit) {
    return new Scan(kind, tenant, null, null, false, null, limit, false);
  }

  public Scan newestFirst() {
    return new Scan(kind, tenant, slot, value, prefix, after, limit, true);
  }

  public Scan after(Position position) {
    return new Scan(kind, tenant, slot, value, prefix, position, limit, descending);
  }

  /** The position of a record in this scan's order. */
  public Position positionOf(StoredRecord r) {
    return new Position(slot == null ? null : r.index(slot), r.id());
  }
}
