package io.taskfn.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class TransitionsTest {

  enum Door {
    OPEN,
    CLOSED,
    LOCKED,
    GONE
  }

  private static Transitions.Builder<Door> doors() {
    return Transitions.of(Door.class, "door", d -> d.name().toLowerCase(Locale.ROOT));
  }

  private static final Transitions<Door> TABLE =
      doors()
          .allow(Door.OPEN, Door.CLOSED)
          .allow(Door.CLOSED, Door.OPEN, Door.LOCKED)
          .allow(Door.LOCKED, Door.CLOSED)
          .allow(Door.GONE)
          .build();

  @Test
  void allowsExactlyTheMovesInTheTable() {
    assertTrue(TABLE.allows(Door.CLOSED, Door.LOCKED));
    assertFalse(TABLE.allows(Door.OPEN, Door.LOCKED));
    assertFalse(TABLE.allows(Door.OPEN, Door.OPEN), "no move to itself unless listed");
    for (Door to : Door.values()) {
      assertFalse(TABLE.allows(Door.GONE, to), "a final status goes nowhere");
    }
  }

  @Test
  void aRefusedMoveNamesTheRecordAndBothStatuses() {
    TABLE.check("front", Door.LOCKED, Door.CLOSED);
    IllegalTransitionException refused =
        assertThrows(
            IllegalTransitionException.class, () -> TABLE.check("front", Door.OPEN, Door.LOCKED));
    assertEquals("front", refused.recordId());
    assertEquals(Door.OPEN, refused.from());
    assertEquals(Door.LOCKED, refused.to());
    assertEquals(400, refused.httpStatus());
    assertEquals("door front is open and can not become locked", refused.getMessage());
  }

  @Test
  void aTableMustSayWhereEveryStatusMayGoAndOnlyOnce() {
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class,
            () -> doors().allow(Door.OPEN, Door.CLOSED).allow(Door.CLOSED).build());
    assertEquals("door transitions do not say where [LOCKED, GONE] may go", missing.getMessage());
    assertThrows(IllegalStateException.class, () -> doors().build());
    assertThrows(
        IllegalStateException.class, () -> doors().allow(Door.OPEN).allow(Door.OPEN, Door.GONE));
  }
}
