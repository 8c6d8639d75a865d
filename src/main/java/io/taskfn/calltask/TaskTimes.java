package io.taskfn.calltask;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * {@code yyyy-MM-dd HH:mm:ss} in the account's zone, as StartTime and EndTime are written. A time
 * the clocks skip (spring forward) is read as the same time after the skip; a time they show twice
 * is the first.
 */
final class TaskTimes {

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  private final ZoneId zone;

  TaskTimes(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * @throws io.taskfn.api.ApiException MissingParameter or InvalidParameter naming {@code name}
   */
  Instant parse(String name, String text) {
    if (text == null || text.isBlank()) {
      throw VmsErrors.missing(name);
    }
    try {
      LocalDateTime local = LocalDateTime.parse(text, FORMAT);
      return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    } catch (DateTimeParseException e) {
      throw VmsErrors.invalid(name, "a time is yyyy-MM-dd HH:mm:ss, not '" + text + "'");
    }
  }

  String format(Instant instant) {
    return instant == null ? null : FORMAT.format(instant.atZone(zone));
  }
}
