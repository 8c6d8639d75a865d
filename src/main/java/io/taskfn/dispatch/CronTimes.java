package io.taskfn.dispatch;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The times a cron expression names, read in one zone: the one place where cron text is parsed, so
 * that every family's schedules fire by the same tested library (cron-utils) and fail the same way
 * on text it cannot run.
 */
public final class CronTimes implements FireTimes {

  /** The cron dialects the vendors write. */
  public enum Dialect {
    /** Quartz: seconds first, one of day-of-month and day-of-week must be {@code ?}. */
    QUARTZ(CronType.QUARTZ),
    /**
     * Six fields, seconds first, where both day fields may be {@code *} (CloudFlow's {@code 0 * * *
     * * *}); {@code ?}, {@code L}, {@code W} and {@code #} as in Quartz.
     */
    SECONDS_FIRST(CronType.SPRING);

    private final CronParser parser;

    Dialect(CronType type) {
      this.parser = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(type));
    }
  }

  private final ExecutionTime execution;
  private final ZoneId zone;

  private CronTimes(ExecutionTime execution, ZoneId zone) {
    this.execution = execution;
    this.zone = zone;
  }

  /**
   * Parses {@code expression} (trimmed) in {@code dialect}.
   *
   * @throws IllegalArgumentException naming what is wrong, when it is not an expression of the
   *     dialect: cron-utils fails on some malformed text with other exceptions (an index out of
   *     bounds), which come out as this one too
   */
  public static CronTimes parse(Dialect dialect, String expression, ZoneId zone) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("the expression is empty");
    }
    try {
      return new CronTimes(ExecutionTime.forCron(dialect.parser.parse(expression.trim())), zone);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a cron expression it can read", e);
    }
  }

  @Override
  public Optional<Instant> nextFireAfter(Instant after) {
    return execution.nextExecution(after.atZone(zone)).map(t -> t.toInstant());
  }
}
