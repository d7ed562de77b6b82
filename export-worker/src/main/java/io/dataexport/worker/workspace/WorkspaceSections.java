package io.dataexport.worker.workspace;

import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.export.ExportJobStore;
import io.dataexport.mongo.ServiceCollections;
import io.dataexport.worker.source.ExportSource;
import io.dataexport.worker.source.FieldAllowList;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The sections of a workspace export, in archive order, and the fields each lets out. Like the user
 * export's catalog it is a Java table on purpose: an allow-list is the boundary that keeps secrets
 * in, so widening one is a reviewed code change. docs/workspace-export.md describes it for readers.
 */
public final class WorkspaceSections {

  private WorkspaceSections() {}

  /**
   * The writer of workspace exports over the platform's collections, the job store (the export
   * history) and the user-export reader (the per-member counts).
   */
  public static WorkspaceArchiveWriter writer(
      MongoDatabase database,
      ExportJobStore jobs,
      ExportSource userData,
      long sectionCap,
      Path spoolRoot,
      Clock clock) {
    Members members = new Members(database);
    List<WorkspaceSection> sections =
        List.of(
            new EnterpriseRecord(database),
            members,
            new TaggedRecords(
                "teams",
                database,
                CatalogCollections.TEAMS,
                FieldAllowList.of("_id", "name", "description", "created_at", "deleted")),
            new TaggedRecords(
                "team_memberships",
                database,
                CatalogCollections.TEAM_USER_RELATIONS,
                FieldAllowList.of("_id", "team_id", "user_id", "role", "created_at", "deleted")),
            new TaggedRecords(
                "projects",
                database,
                "projects",
                FieldAllowList.of("_id", "user_id", "name", "kind", "created_at", "deleted")),
            new TaggedRecords(
                "api_keys",
                database,
                ServiceCollections.API_KEYS,
                // metadata only: the secret's hash never leaves, nor does anything added later
                FieldAllowList.of(
                    "_id",
                    "name",
                    "role",
                    "created_at",
                    "expires_at",
                    "last_used_at",
                    "revoked_at",
                    "replaces",
                    "replaced_by")),
            new ExportHistory(jobs),
            new MemberData(members, userData));
    return new WorkspaceArchiveWriter(sections, sectionCap, spoolRoot, clock);
  }
}
