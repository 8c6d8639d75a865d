package io.taskfn.job;

import static io.taskfn.store.TypedRepository.numericId;

import io.taskfn.store.IndexSlot;
import io.taskfn.store.Sequences;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

  public JobRepository(StoreBackend store) {
    this.namespaces = new TypedRepository<>(store, "namespace", Namespace.class);
    this.groups = new TypedRepository<>(store, "appgroup", AppGroup.class);
    this.jobs = new TypedRepository<>(store, JOB_KIND, Job.class);
    this.ids = new Sequences(store, 8);
  }

  TypedRepository<Job> records() {
    return jobs;
  }

  public void createNamespace(Namespace namespace) {
    namespaces.insert(TENANT, namespace.uid(), namespace, null, null, null);
  }

  public Optional<Namespace> findNamespace(String uid) {
    return namespaces.find(TENANT, uid).map(Versioned::value);
  }

  private static String groupKey(String namespace, String groupId) {
    return namespace + "/" + groupId;
  }

  public void createGroup(AppGroup group) {
    groups.insert(
        TENANT, groupKey(group.namespace(), group.groupId()), group, group.namespace(), null, null);
  }

  public Optional<AppGroup> findGroup(String namespace, String groupId) {
    return groups.find(TENANT, groupKey(namespace, groupId)).map(Versioned::value);
  }

  public long nextJobId() {
    return ids.next("job");
  }

  public Versioned<Job> insert(Job job, Instant now) {
    return jobs.insert(
        TENANT,
        numericId(job.jobId()),
        job,
        groupKey(job.namespace(), job.groupId()),
        null,
        job.nextFireAfter(now));
  }

  public Optional<Versioned<Job>> find(long jobId) {
    return jobs.find(TENANT, numericId(jobId));
  }

  /** Writes a changed job; its next fire is computed anew from {@code now}. */
  public Versioned<Job> replace(Versioned<Job> current, Job changed, Instant now) {
    return jobs.replace(current, changed, changed.nextFireAfter(now));
  }

  public void delete(Versioned<Job> current) {
    jobs.delete(current);
  }

  public List<Job> listByGroup(String namespace, String groupId, int limit) {
    return jobs.query(TENANT, IndexSlot.INDEX1, groupKey(namespace, groupId), null, limit).stream()
        .map(Versioned::value)
        .toList();
  }
}
