package io.taskfn.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every move a record's status may make, from a table that names each status once: a status missing
 * from the table is a mistake found when the table is built, not a move refused at run time. One
 * table per status type, and every change of status goes through {@link #check}.
 */
public final class Transitions<S extends Enum<S>> {

  private final String kind;
  private final Function<S, String> describe;
  private final Map<S, Set<S>> allowed;

  private Transitions(String kind, Function<S, String> describe, Map<S, Set<S>> allowed) {
    this.kind = kind;
    this.describe = describe;
    this.allowed = allowed;
  }

  /**
   * @param kind what the records are, as messages name them ("job instance")
   * @param describe how messages show a status
   */
  public static <S extends Enum<S>> Builder<S> of(
      Class<S> type, String kind, Function<S, String> describe) {
    return new Builder<>(type, kind, describe);
  }

  public boolean allows(S from, S to) {
    return allowed.get(from).contains(to);
  }

  /**
   * @throws IllegalTransitionException when the table does not allow {@code from -> to}
   */
  public void check(String recordId, S from, S to) {
    if (!allows(from, to)) {
      throw new IllegalTransitionException(
          recordId,
          from,
          to,
          kind
              + " "
              + recordId
              + " is "
              + describe.apply(from)
              + " and can not become "
              + describe.apply(to));
    }
  }

  public static final class Builder<S extends Enum<S>> {
    private final Class<S> type;
    private final String kind;
    private final Function<S, String> describe;
    private final Map<S, Set<S>> allowed;

    private Builder(Class<S> type, String kind, Function<S, String> describe) {
      this.type = type;
      this.kind = kind;
      this.describe = describe;
      this.allowed = new EnumMap<>(type);
    }

    /** The statuses {@code from} may become; none for a status that is final. */
    @SafeVarargs
    public final Builder<S> allow(S from, S... to) {
      List<S> targets = Arrays.asList(to);
      Set<S> set = targets.isEmpty() ? EnumSet.noneOf(type) : EnumSet.copyOf(targets);
      if (allowed.put(from, Collections.unmodifiableSet(set)) != null) {
        throw new IllegalStateException(kind + " transitions name " + from + " twice");
      }
      return this;
    }

    public Transitions<S> build() {
      EnumSet<S> missing = EnumSet.allOf(type);
      missing.removeAll(allowed.keySet());
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            kind + " transitions do not say where " + missing + " may go");
      }
      return new Transitions<>(kind, describe, new EnumMap<>(allowed));
    }
  }
}
