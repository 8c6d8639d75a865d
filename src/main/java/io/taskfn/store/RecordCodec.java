package io.taskfn.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

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

  private final Class<T> type;

  public RecordCodec(Class<T> type) {
    this.type = type;
  }

  public String encode(T value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StoreException("could not encode " + type.getSimpleName(), e);
    }
  }

  public T decode(StoredRecord record) {
    try {
      return MAPPER.readValue(record.data(), type);
    } catch (JsonProcessingException e) {
      throw new StoreException("could not decode " + record.key(), e);
    }
  }
}
