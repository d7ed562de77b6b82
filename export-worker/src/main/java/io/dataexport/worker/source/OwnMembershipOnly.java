package io.dataexport.worker.source;

import io.dataexport.catalog.MembershipWindows;
import io.dataexport.export.ExportJob;
import java.util.List;
import org.bson.Document;

/**
 * {@code user.json} shows the user's membership with the exporting enterprise only: which other
 * enterprises the user belongs or belonged to is theirs to tell. A user who never was a member is
 * not exported at all.
 */
final class OwnMembershipOnly implements SectionRule {

  @Override
  public Document shape(Document user, ExportJob job, MembershipWindows membership) {
    if (!membership.isMember()) {
      return null;
    }
    List<Document> own =
        user.getList(MembershipWindows.MEMBERSHIPS, Document.class, List.of()).stream()
            .filter(m -> job.enterpriseUid().equals(m.getString("enterprise_uid")))
            .toList();
    user.put(MembershipWindows.MEMBERSHIPS, own);
    return user;
  }
}
