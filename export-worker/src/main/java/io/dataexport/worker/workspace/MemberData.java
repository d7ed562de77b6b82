package io.dataexport.worker.workspace;

import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ExportFilters;
import io.dataexport.worker.source.ExportSource;
import io.dataexport.worker.source.Section;
import io.dataexport.worker.source.SourceCursor;
import io.dataexport.worker.source.SourceFile;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * For each member, how many records each section of their own FULL export (deleted items left out,
 * no time bounds) would hold, and how many files: what the enterprise holds about them, counted by
 * the very reader their export uses, without any of the content — that stays in the per-user
 * export. One member's counts are in memory at a time.
 */
final class MemberData implements WorkspaceSection {

  private static final ExportFilters FULL =
      new ExportFilters(
          EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL,
          false,
          true,
          null,
          null,
          List.of(),
          List.of(),
          List.of());

  private final Members members;
  private final ExportSource source;

  MemberData(Members members, ExportSource source) {
    this.members = members;
    this.source = source;
  }

  @Override
  public String name() {
    return "member_data";
  }

  @Override
  public void read(ExportJob job, Consumer<Document> each) {
    members.read(job, member -> each.accept(counts(job, member.getString("user_id"))));
  }

  private Document counts(ExportJob workspaceJob, String userId) {
    ExportJob memberExport =
        ExportJob.pending(
            workspaceJob.uid() + "/" + userId,
            workspaceJob.enterpriseUid(),
            userId,
            FULL,
            null,
            null,
            null,
            workspaceJob.createdAt());
    Document sections = new Document();
    for (Section section : source.sections(memberExport)) {
      try (SourceCursor<Document> records = source.records(section, memberExport)) {
        sections.append(section.entryName(), count(records));
      }
    }
    long files;
    try (SourceCursor<SourceFile> attached = source.files(memberExport)) {
      files = count(attached);
    }
    return new Document("user_id", userId).append("records", sections).append("files", files);
  }

  private static long count(Iterator<?> records) {
    long n = 0;
    for (; records.hasNext(); records.next()) {
      n++;
    }
    return n;
  }
}
