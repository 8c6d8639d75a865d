package io.taskfn.job;

import static io.taskfn.store.TypedRepository.numericId;

import io.taskfn.store.IndexSlot;
import io.taskfn.store.RecordShape;
import io.taskfn.store.Scan;
import io.taskfn.store.Sequences;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Namespaces, app groups and jobs. A job's due time is its next scheduled fire, so the dispatcher
 * finds scheduled jobs the same way it finds any other due work.
 */
@ApplicationScoped
public class JobRepository {

  static final String JOB_KIND = "job";
  private static final String TENANT = StoreProducer.DEFAULT_TENANT;

  private final TypedRepository<Namespace> namespaces;
  private final TypedRepository<AppGroup> groups;
  private final TypedRepository<Job> jobs;
  private final Sequences ids;

  /** How many jobs one store call reads. */
  private static final int PAGE = 500;

  public JobRepository(StoreBackend store) {
    this.namespaces = new TypedRepository<>(store, "namespace", Namespace.class);
    this.groups = new TypedRepository<>(store, "appgroup", AppGroup.class);
    this.jobs =
        new TypedRepository<>(
            store,
            JOB_KIND,
            Job.class,
            RecordShape.<Job>plain()
                .index1(job -> groupKey(job.namespace(), job.groupId()))
                .index2(job -> groupKey(job.namespace(), job.groupId()) + "/" + job.name())
                .counted(IndexSlot.INDEX1));
    this.ids = new Sequences(store, 8);
  }

  TypedRepository<Job> records() {
    return jobs;
  }

  public void createNamespace(Namespace namespace) {
    namespaces.insert(TENANT, namespace.uid(), namespace, null);
  }

  public Optional<Namespace> findNamespace(String uid) {
    return namespaces.find(TENANT, uid).map(Versioned::value);
  }

  /** Every namespace, in id order, a page at a time. */
  public List<Namespace> listNamespaces() {
    return readAll(namespaces, Scan.all("namespace", TENANT, PAGE));
  }

  private static String groupKey(String namespace, String groupId) {
    return namespace + "/" + groupId;
  }

  public void createGroup(AppGroup group) {
    groups.insert(TENANT, groupKey(group.namespace(), group.groupId()), group, null);
  }

  public Optional<AppGroup> findGroup(String namespace, String groupId) {
    return groups.find(TENANT, groupKey(namespace, groupId)).map(Versioned::value);
  }

  public long nextAppGroupId() {
    return ids.next("appgroup");
  }

  /** The groups of a namespace, in id order: their ids start with the namespace's. */
  public List<AppGroup> listGroups(String namespace) {
    Scan scan =
        new Scan("appgroup", TENANT, null, groupKey(namespace, ""), true, null, PAGE, false);
    return readAll(groups, scan).stream().filter(g -> g.namespace().equals(namespace)).toList();
  }

  /**
   * @return empty if there is no such group
   */
  public Optional<AppGroup> updateGroup(
      String namespace, String groupId, UnaryOperator<AppGroup> change) {
    return groups.update(TENANT, groupKey(namespace, groupId), change).map(Versioned::value);
  }

  /** Deletes a group that {@code check} accepts (it throws to refuse). */
  public boolean deleteGroup(String namespace, String groupId, Consumer<AppGroup> check) {
    return groups.delete(TENANT, groupKey(namespace, groupId), check);
  }

  public long nextJobId() {
    return ids.next("job");
  }

  public Versioned<Job> insert(Job job, Instant now) {
    return jobs.insert(TENANT, numericId(job.jobId()), job, job.nextFireAfter(now));
  }

  public Optional<Versioned<Job>> find(long jobId) {
    return jobs.find(TENANT, numericId(jobId));
  }

  /**
   * Applies a change to a job (retried on a concurrent write, such as a schedule fire); its next
   * fire is computed anew from {@code now}.
   *
   * @return empty if there is no such job
   */
  public Optional<Versioned<Job>> update(long jobId, UnaryOperator<Job> change, Instant now) {
    return jobs.update(TENANT, numericId(jobId), change, changed -> changed.nextFireAfter(now));
  }

  /** Deletes a job that {@code check} accepts (it throws to refuse). */
  public boolean delete(long jobId, Consumer<Job> check) {
    return jobs.delete(TENANT, numericId(jobId), check);
  }

  /** Every job of a group in id order (a group holds at most its MaxJobs), a page at a time. */
  public List<Job> listByGroup(String namespace, String groupId) {
    return readAll(
        jobs, Scan.exact(JOB_KIND, TENANT, IndexSlot.INDEX1, groupKey(namespace, groupId), PAGE));
  }

  private static <T> List<T> readAll(TypedRepository<T> records, Scan first) {
    List<T> all = new ArrayList<>();
    Scan scan = first;
    while (true) {
      List<Versioned<T>> page = records.scan(scan);
      page.forEach(v -> all.add(v.value()));
      if (page.size() < scan.limit()) {
        return all;
      }
      scan = scan.after(scan.positionOf(page.get(page.size() - 1).record()));
    }
  }

  public long countInGroup(String namespace, String groupId) {
    return jobs.count(TENANT, IndexSlot.INDEX1, groupKey(namespace, groupId));
  }

  /** The first job of a group with this name. */
  public Optional<Job> findByName(String namespace, String groupId, String name) {
    return jobs
        .scan(
            Scan.exact(
                JOB_KIND, TENANT, IndexSlot.INDEX2, groupKey(namespace, groupId) + "/" + name, 1))
        .stream()
        .findFirst()
        .map(Versioned::value);
  }
}
