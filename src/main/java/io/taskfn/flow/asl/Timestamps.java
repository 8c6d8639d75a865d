package io.taskfn.flow.asl;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** ISO-8601 timestamps as the States Language reads and writes them. */
public final class Timestamps {
  private Timestamps() {}

  private static final DateTimeFormatter OUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public static String format(Instant instant) {
    return OUT.format(instant);
  }

  /** An RFC 3339 timestamp with an offset (or Z); anything else is not a timestamp. */
  public static Optional<Instant> parse(String text) {
    if (text == null || text.length() < 20 || text.charAt(10) != 'T') {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
