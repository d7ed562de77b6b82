package io.dataexport.gateway.member;

import io.dataexport.api.v1.Member;
import io.dataexport.api.v1.SearchMembersRequest;
import io.dataexport.api.v1.SearchMembersResponse;
import io.dataexport.catalog.MemberDirectory;
import io.dataexport.catalog.MemberDirectory.MemberQuery;
import io.dataexport.gateway.api.ProtoTime;
import io.dataexport.gateway.auth.Caller;
import io.dataexport.gateway.request.Limits;
import io.dataexport.gateway.request.RequestFields;
import java.util.List;

/**
 * Finds whom to export: members of the caller's enterprise, current and former, deleted accounts
 * included, by a piece of their email or name. A read, so auditors may search too.
 */
public class MemberSearchService {

  private final MemberDirectory directory;

  public MemberSearchService(MemberDirectory directory) {
    this.directory = directory;
  }

  public SearchMembersResponse search(Caller caller, SearchMembersRequest request) {
    String text = request.getQuery().strip();
    RequestFields.maxLength("query", text, Limits.EMAIL);
    int pageSize = RequestFields.pageSize(request.getPageSize());
    MemberPageToken after = MemberPageToken.decode(request.getPageToken());
    // One row more than the page: it only tells whether another page exists.
    List<MemberDirectory.Member> rows =
        directory.search(
            new MemberQuery(
                caller.enterpriseUid(),
                text,
                after == null ? null : after.email(),
                after == null ? null : after.userId(),
                pageSize + 1));
    SearchMembersResponse.Builder response = SearchMembersResponse.newBuilder();
    List<MemberDirectory.Member> page = rows.subList(0, Math.min(pageSize, rows.size()));
    page.forEach(member -> response.addMembers(toMember(member)));
    if (rows.size() > pageSize) {
      MemberDirectory.Member last = page.get(page.size() - 1);
      response.setNextPageToken(new MemberPageToken(last.email(), last.userId()).encode());
    }
    return response.build();
  }

  private static Member toMember(MemberDirectory.Member member) {
    Member.Builder proto =
        Member.newBuilder()
            .setUserId(member.userId())
            .setEmail(nullToEmpty(member.email()))
            .setName(nullToEmpty(member.name()))
            .setDeleted(member.deleted())
            .setFormerMember(member.leftAt() != null)
            .setRole(nullToEmpty(member.role()));
    if (member.joinedAt() != null) {
      proto.setJoinedAt(ProtoTime.timestamp(member.joinedAt()));
    }
    if (member.leftAt() != null) {
      proto.setLeftAt(ProtoTime.timestamp(member.leftAt()));
    }
    return proto.build();
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
