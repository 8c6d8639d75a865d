package io.taskfn.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Turns a family's typed records into the JSON documents the store keeps, and back. It has its own
 * mapper, independent of the HTTP one, so the stored format never changes with API settings.
 */
public final class RecordCodec<T> {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** How many decoded values a codec keeps, and the longest text it keeps one for. */
  static final int RECENT = 32;

  static final int LONGEST_KEPT = 8192;

  private final Class<T> type;

  /**
   * Values decoded lately, by their text: a record read again unchanged (a job and its group on
   * every GetJobInfo, a flow on every execution) is not parsed again. Kept only for records of
   * plain values, which no caller can change, so one decoded value may serve every reader; null for
   * other types.
   */
  private final AtomicReferenceArray<Decoded<T>> recent;

  private record Decoded<T>(String data, T value) {}

  public RecordCodec(Class<T> type) {
    this.type = type;
    this.recent = holdsOnlyPlainValues(type) ? new AtomicReferenceArray<>(RECENT) : null;
  }

  /** A record whose components are all immutable scalars: text, numbers, flags, enums, instants. */
  static boolean holdsOnlyPlainValues(Class<?> type) {
    if (!type.isRecord()) {
      return false;
    }
    for (RecordComponent component : type.getRecordComponents()) {
      Class<?> c = component.getType();
      boolean plain =
          c.isPrimitive()
              || c.isEnum()
              || c == String.class
              || c == Long.class
              || c == Integer.class
              || c == Boolean.class
              || c == Double.class
              || c == BigDecimal.class
              || c == Instant.class;
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  public String encode(T value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StoreException("could not encode " + type.getSimpleName(), e);
    }
  }

  public T decode(StoredRecord record) {
    String data = record.data();
    if (recent == null || data.length() > LONGEST_KEPT) {
      return parse(record);
    }
    int slot = data.hashCode() & (RECENT - 1);
    Decoded<T> kept = recent.get(slot);
    if (kept != null && kept.data().equals(data)) {
      return kept.value();
    }
    T value = parse(record);
    recent.set(slot, new Decoded<>(data, value));
    return value;
  }

  private T parse(StoredRecord record) {
    try {
      return MAPPER.readValue(record.data(), type);
    } catch (JsonProcessingException e) {
      throw new StoreException("could not decode " + record.key(), e);
    }
  }
}
