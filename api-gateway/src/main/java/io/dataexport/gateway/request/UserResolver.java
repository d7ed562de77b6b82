package io.dataexport.gateway.request;

import static io.dataexport.gateway.api.ApiException.invalid;

import io.dataexport.catalog.UserAccount;
import io.dataexport.catalog.UserCatalog;
import io.dataexport.gateway.api.ApiException;

/**
 * Resolves the {@code user_id} / {@code email} pair of a request to one member of the caller's
 * enterprise.
 */
public class UserResolver {

  private final UserCatalog users;

  public UserResolver(UserCatalog users) {
    this.users = users;
  }

  public UserAccount resolve(String enterpriseUid, String rawUserId, String rawEmail) {
    String userId = RequestFields.userId(rawUserId);
    String email = RequestFields.email(rawEmail);
    if (userId == null && email == null) {
      throw invalid("user_id", "either user_id or email is required");
    }
    if (userId != null) {
      UserAccount user =
          users.findMember(enterpriseUid, userId).orElseThrow(() -> notFound("user_id"));
      if (email != null && !email.equalsIgnoreCase(user.email())) {
        throw invalid("email", "must name the same user as user_id");
      }
      return user;
    }
    return users.findMemberByEmail(enterpriseUid, email).orElseThrow(() -> notFound("email"));
  }

  private static ApiException notFound(String field) {
    return ApiException.notFound(field + ": no such user in this enterprise");
  }
}
