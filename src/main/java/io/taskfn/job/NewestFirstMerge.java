package io.taskfn.job;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The instances of several jobs as one stream, newest (highest id) first: each job's instances are
 * read a page at a time, and only when the merge reaches them, so a first page costs one store read
 * per job rather than every instance.
 */
final class NewestFirstMerge extends Spliterators.AbstractSpliterator<JobInstance> {

  /** A job's instances read so far and not yet merged. */
  private static final class Cursor {
    final long jobId;
    final Deque<JobInstance> buffered = new ArrayDeque<>();
    boolean exhausted;

    Cursor(long jobId) {
      this.jobId = jobId;
    }
  }

  private final BiFunction<Long, Long, List<JobInstance>> readPage;
  private final PriorityQueue<Cursor> heads =
      new PriorityQueue<>(
          Comparator.comparingLong((Cursor c) -> c.buffered.peekFirst().instanceId()).reversed());

  /**
   * @param readPage a page of a job's instances newest first, after the instance id given (from the
   *     newest when null); an empty page ends the job's instances
   */
  NewestFirstMerge(Collection<Long> jobIds, BiFunction<Long, Long, List<JobInstance>> readPage) {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
    this.readPage = readPage;
    for (long jobId : jobIds) {
      Cursor cursor = new Cursor(jobId);
      if (fill(cursor, null)) {
        heads.add(cursor);
      }
    }
  }

  /** Reads the next page into the cursor; false when there is none. */
  private boolean fill(Cursor cursor, Long after) {
    if (cursor.exhausted) {
      return false;
    }
    List<JobInstance> page = readPage.apply(cursor.jobId, after);
    cursor.buffered.addAll(page);
    cursor.exhausted = page.isEmpty();
    return !page.isEmpty();
  }

  @Override
  public boolean tryAdvance(Consumer<? super JobInstance> action) {
    Cursor newest = heads.poll();
    if (newest == null) {
      return false;
    }
    JobInstance next = newest.buffered.pollFirst();
    if (!newest.buffered.isEmpty() || fill(newest, next.instanceId())) {
      heads.add(newest);
    }
    action.accept(next);
    return true;
  }
}
