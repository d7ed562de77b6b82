package io.dataexport.catalog;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;

import org.bson.conversions.Bson;

/**
 * Which of a user's records belong to one enterprise, for a collection: the records tagged with its
 * uid, and where a record carries no tag (a collection that has none, or records written before it
 * had one) those created while the user was its member. An enterprise never sees another
 * enterprise's records of a user who moved between them.
 *
 * @param tagField the field holding the enterprise uid, or null when the collection has no tag
 * @param createdField the creation time the membership windows are applied to
 */
public record EnterpriseScope(String tagField, String createdField) {

  public static final String ENTERPRISE_UID = "enterprise_uid";

  /** Tagged with {@code enterprise_uid}; untagged records judged by {@code created_at}. */
  public static final EnterpriseScope TAGGED = new EnterpriseScope(ENTERPRISE_UID, "created_at");

  /** No tag: records created while the user was a member. */
  public static final EnterpriseScope CREATED_WHILE_MEMBER =
      new EnterpriseScope(null, "created_at");

  /** The filter selecting the records of {@code membership}'s enterprise. */
  public Bson filter(MembershipWindows membership) {
    Bson window = membership.createdWithin(createdField);
    if (tagField == null) {
      return window;
    }
    // {field: null} matches a missing field as well as a null one
    return or(eq(tagField, membership.enterpriseUid()), and(eq(tagField, null), window));
  }

  /** The rule in words, for docs and logs. */
  public String describe() {
    return tagField == null
        ? "created while a member (" + createdField + " in a membership window)"
        : "tagged " + tagField + "; untagged records: " + createdField + " in a membership window";
  }
}
