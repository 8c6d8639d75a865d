package io.taskfn.mail;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A user of one organization.
 *
 * @param admin an organization admin: may act on every mail task of the organization
 * @param apiCallAuthorized may call the API without being an admin
 */
@RegisterForReflection
public record OrgUser(
    String userId,
    String organizationId,
    String nickName,
    String email,
    boolean admin,
    boolean apiCallAuthorized) {

  public boolean mayCallApi() {
    return admin || apiCallAuthorized;
  }
}
