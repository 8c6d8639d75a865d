package io.taskfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void freshIdsAreDistinctUpperCaseVersion4Uuids() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = RequestIds.next();
      assertTrue(
          id.matches("[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}"), id);
      UUID parsed = UUID.fromString(id);
      assertEquals(4, parsed.version());
      assertEquals(2, parsed.variant());
      assertTrue(seen.add(id), "repeated " + id);
    }
  }

  @Test
  void anAssignedIdIsEveryAnswersId() {
    assertEquals("ABC", RequestIds.within("ABC", RequestIds::next));
  }
}
