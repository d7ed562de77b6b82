package io.dataexport.worker.source;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJob.ExportFilters;
import org.bson.conversions.Bson;

/**
 * {@code project.json} narrowed by the project scopes: WEBDEV_PROJECT exports webdev projects
 * ({@code kind: webdev}), the uids given or all; PROJECT the uids given or all.
 */
final class ProjectsOfScope implements SectionRule {

  @Override
  public Bson filter(ExportJob job) {
    ExportFilters f = job.filters();
    if (f.scope() == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT) {
      Bson webdev = eq("kind", "webdev");
      return f.webdevProjectUids().isEmpty()
          ? webdev
          : and(webdev, in("_id", f.webdevProjectUids()));
    }
    if (f.scope() == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_PROJECT
        && !f.projectUids().isEmpty()) {
      return in("_id", f.projectUids());
    }
    return null;
  }
}
