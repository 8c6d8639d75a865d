package io.taskfn.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  record Plain(long id, String name, Integer limit, Instant at) {}

  record WithList(String name, List<String> tags) {}

  private static StoredRecord stored(String data) {
    return StoredRecord.newRecord("thing", "t1", "a", data);
  }

  @Test
  void aPlainRecordReadAgainUnchangedIsTheValueDecodedBefore() {
    RecordCodec<Plain> codec = new RecordCodec<>(Plain.class);
    String text = codec.encode(new Plain(7, "seven", null, Instant.parse("2026-11-25T09:00:00Z")));
    Plain first = codec.decode(stored(text));
    assertSame(first, codec.decode(stored(new String(text.toCharArray()))));
    Plain changed = codec.decode(stored(text.replace("seven", "eight")));
    assertEquals("eight", changed.name());
    assertEquals(new Plain(7, "seven", null, Instant.parse("2026-11-25T09:00:00Z")), first);
  }

  @Test
  void aRecordHoldingACollectionIsDecodedAnewForEachReader() {
    assertFalse(RecordCodec.holdsOnlyPlainValues(WithList.class));
    assertTrue(RecordCodec.holdsOnlyPlainValues(Plain.class));
    RecordCodec<WithList> codec = new RecordCodec<>(WithList.class);
    String text = codec.encode(new WithList("n", List.of("a")));
    assertNotSame(codec.decode(stored(text)), codec.decode(stored(text)));
  }

  @Test
  void numericIdsSortAsTheirNumbers() {
    assertEquals(String.format("%019d", 42L), TypedRepository.numericId(42));
    assertEquals(String.format("%019d", Long.MAX_VALUE), TypedRepository.numericId(Long.MAX_VALUE));
    assertEquals(String.format("%019d", 0L), TypedRepository.numericId(0));
  }
}
