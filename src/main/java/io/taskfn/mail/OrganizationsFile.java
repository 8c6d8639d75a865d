package io.taskfn.mail;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The YAML file that defines organizations and their users: read at start, checked whole (a mistake
 * stops the start with the entry named, rather than leaving some users out), and written into the
 * store.
 */
public final class OrganizationsFile {
  private OrganizationsFile() {}

  @RegisterForReflection
  record FileEntries(@JsonProperty(value = "organizations", required = true) List<Org> orgs) {}

  @RegisterForReflection
  record Org(
      @JsonProperty(value = "id", required = true) String id,
      @JsonProperty("name") String name,
      @JsonProperty("edition") String edition,
      @JsonProperty("expires") String expires,
      @JsonProperty("users") List<User> users) {}

  @RegisterForReflection
  record User(
      @JsonProperty(value = "id", required = true) String id,
      @JsonProperty("nick") String nick,
      @JsonProperty("email") String email,
      @JsonProperty("admin") boolean admin,
      @JsonProperty("apiCallAuthorized") boolean apiCallAuthorized) {}

  /** The organizations of a file with their users. */
  public record Entries(List<Organization> organizations, List<OrgUser> users) {}

  /**
   * @throws IllegalArgumentException naming the entry at fault
   */
  public static Entries parse(InputStream yaml) throws IOException {
    ObjectMapper mapper =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    FileEntries file = mapper.readValue(yaml, FileEntries.class);
    List<Organization> orgs = new ArrayList<>();
    List<OrgUser> users = new ArrayList<>();
    Set<String> orgIds = new HashSet<>();
    Set<String> userIds = new HashSet<>();
    for (Org org : file.orgs()) {
      String where = "organization " + org.id();
      if (!orgIds.add(org.id())) {
        throw new IllegalArgumentException(where + " is defined twice");
      }
      Edition edition = edition(where, org.edition());
      Instant expires = expires(where, org.expires());
      if (edition != null && expires == null) {
        throw new IllegalArgumentException(where + ": an edition needs its expiry (expires)");
      }
      orgs.add(
          new Organization(org.id(), org.name() == null ? org.id() : org.name(), edition, expires));
      for (User user : org.users() == null ? List.<User>of() : org.users()) {
        String at = where + ", user " + user.id();
        if (!userIds.add(user.id())) {
          throw new IllegalArgumentException(at + ": a user id belongs to one organization");
        }
        users.add(
            new OrgUser(
                user.id(),
                org.id(),
                user.nick() == null ? user.id() : user.nick(),
                email(at, user.email()),
                user.admin(),
                user.apiCallAuthorized()));
      }
    }
    return new Entries(orgs, users);
  }

  private static Edition edition(String where, String edition) {
    if (edition == null) {
      return null;
    }
    try {
      return Edition.valueOf(edition.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          where + ": edition " + edition + " is not one of " + Edition.labels());
    }
  }

  private static Instant expires(String where, String expires) {
    if (expires == null) {
      return null;
    }
    try {
      return Instant.parse(expires.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          where + ": expires " + expires + " is not a UTC time such as 2027-01-01T00:00:00Z");
    }
  }

  private static String email(String where, String email) {
    if (email == null) {
      return null;
    }
    try {
      new InternetAddress(email, true);
      return email;
    } catch (AddressException e) {
      throw new IllegalArgumentException(where + ": email " + email + " is not an address");
    }
  }
}
