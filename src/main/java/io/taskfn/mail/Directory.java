package io.taskfn.mail;

import io.quarkus.runtime.StartupEvent;
import io.taskfn.store.IndexSlot;
import io.taskfn.store.RecordShape;
import io.taskfn.store.Scan;
import io.taskfn.store.StoreBackend;
import io.taskfn.store.StoreProducer;
import io.taskfn.store.TypedRepository;
import io.taskfn.store.Versioned;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Organizations and their users, in the store. User ids are unique across organizations (as the
 * vendor's user ids are account ids), so a user of another organization is told apart from one that
 * does not exist. The organizations file, when configured, is written in at start: what it names is
 * created or changed, and what it no longer names is removed.
 */
@ApplicationScoped
public class Directory {

  private static final Logger LOG = Logger.getLogger(Directory.class);
  private static final String TENANT = StoreProducer.DEFAULT_TENANT;
  private static final int PAGE = 500;

  private final TypedRepository<Organization> orgs;
  private final TypedRepository<OrgUser> users;

  @Inject
  public Directory(StoreBackend store) {
    this.orgs = new TypedRepository<>(store, "qbiorg", Organization.class);
    this.users =
        new TypedRepository<>(
            store,
            "qbiuser",
            OrgUser.class,
            RecordShape.<OrgUser>plain()
                .index1(OrgUser::organizationId)
                .index2(u -> nickKey(u.organizationId(), u.nickName())));
  }

  /** Static, so that without an organizations file nothing is built at start. */
  static void loadAtStart(
      @Observes StartupEvent event, MailConfig config, Instance<Directory> directory) {
    config.organizationsFile().ifPresent(path -> directory.get().load(Path.of(path)));
  }

  /** Writes the organizations file into the store. */
  public void load(Path path) {
    OrganizationsFile.Entries entries;
    try (InputStream in = Files.newInputStream(path)) {
      entries = OrganizationsFile.parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the organizations file " + path, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the organizations file " + path + ": " + e.getMessage(), e);
    }
    apply(entries);
    LOG.infof(
        "organizations file %s: %d organizations, %d users",
        path, entries.organizations().size(), entries.users().size());
  }

  void apply(OrganizationsFile.Entries entries) {
    Set<String> orgIds =
        entries.organizations().stream()
            .map(Organization::organizationId)
            .collect(Collectors.toSet());
    Set<String> userIds = entries.users().stream().map(OrgUser::userId).collect(Collectors.toSet());
    for (Organization org : entries.organizations()) {
      orgs.upsert(TENANT, org.organizationId(), org, current -> org);
    }
    for (OrgUser user : entries.users()) {
      users.upsert(TENANT, user.userId(), user, current -> user);
    }
    forEach(
        users,
        Scan.all("qbiuser", TENANT, PAGE),
        u -> {
          if (!userIds.contains(u.userId())) {
            users.delete(TENANT, u.userId(), gone -> {});
          }
        });
    forEach(
        orgs,
        Scan.all("qbiorg", TENANT, PAGE),
        o -> {
          if (!orgIds.contains(o.organizationId())) {
            orgs.delete(TENANT, o.organizationId(), gone -> {});
          }
        });
  }

  private static <T> void forEach(TypedRepository<T> records, Scan scan, Consumer<T> action) {
    Scan page = scan;
    while (true) {
      List<Versioned<T>> found = records.scan(page);
      found.forEach(v -> action.accept(v.value()));
      if (found.size() < scan.limit()) {
        return;
      }
      page = scan.after(scan.positionOf(found.get(found.size() - 1).record()));
    }
  }

  public Optional<Organization> organization(String organizationId) {
    return orgs.find(TENANT, organizationId).map(Versioned::value);
  }

  public Optional<OrgUser> user(String userId) {
    return users.find(TENANT, userId).map(Versioned::value);
  }

  /** The users of an organization whose nick name is {@code nickName}, read through its index. */
  public List<OrgUser> usersNamed(String organizationId, String nickName) {
    List<OrgUser> named = new ArrayList<>();
    forEach(
        users,
        Scan.exact("qbiuser", TENANT, IndexSlot.INDEX2, nickKey(organizationId, nickName), PAGE),
        named::add);
    return named;
  }

  private static String nickKey(String organizationId, String nickName) {
    return organizationId + "\n" + nickName;
  }
}
