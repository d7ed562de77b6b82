package io.dataexport.gateway.export;

import static io.dataexport.gateway.api.ApiException.invalid;

import io.dataexport.api.v1.CreateExportRequest;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.export.ExportJob.ExportFilters;
import io.dataexport.gateway.request.RequestFields;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rules of a create request that need nothing but the request itself: scope and the lists that
 * go with it, times, reason and the limits. Who the user is and which sessions are theirs is
 * checked by {@link ExportService} against the catalog.
 */
final class CreateExportValidator {

  static final String SCOPES =
      Arrays.stream(EnterpriseExportScope.values())
          .filter(s -> s != EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_UNSPECIFIED)
          .filter(s -> s != EnterpriseExportScope.UNRECOGNIZED)
          .map(Enum::name)
          .collect(Collectors.joining(", "));

  private CreateExportValidator() {}

  static ExportFilters filters(CreateExportRequest request) {
    EnterpriseExportScope scope = scope(request);
    List<String> sessionIds = RequestFields.ids("session_ids", request.getSessionIdsList());
    List<String> webdevProjectUids =
        RequestFields.ids("webdev_project_uids", request.getWebdevProjectUidsList());
    List<String> projectUids = RequestFields.ids("project_uids", request.getProjectUidsList());
    onlyWithScope(
        scope,
        EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS,
        "session_ids",
        sessionIds);
    onlyWithScope(
        scope,
        EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT,
        "webdev_project_uids",
        webdevProjectUids);
    onlyWithScope(
        scope, EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_PROJECT, "project_uids", projectUids);
    if (scope == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS
        && sessionIds.isEmpty()) {
      throw invalid(
          "session_ids", "is required and must not be empty when scope is " + scope.name());
    }
    Instant start =
        RequestFields.time("start_time", request.hasStartTime(), request.getStartTime());
    Instant end = RequestFields.time("end_time", request.hasEndTime(), request.getEndTime());
    RequestFields.timeRange(start, end);
    return new ExportFilters(
        scope,
        request.hasIncludeDeleted() && request.getIncludeDeleted(),
        !request.hasIncludeFiles() || request.getIncludeFiles(),
        start,
        end,
        sessionIds,
        webdevProjectUids,
        projectUids);
  }

  /** The trimmed reason, or null when none was given; a given reason must say something. */
  static String reason(CreateExportRequest request, boolean required) {
    return RequestFields.reason(
        request.hasReason(), request.getReason(), required, "why the export is made");
  }

  private static EnterpriseExportScope scope(CreateExportRequest request) {
    EnterpriseExportScope scope = request.getScope();
    if (scope == EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_UNSPECIFIED) {
      throw invalid("scope", "is required; one of " + SCOPES);
    }
    if (scope == EnterpriseExportScope.UNRECOGNIZED) {
      throw invalid("scope", "unknown value " + request.getScopeValue() + "; one of " + SCOPES);
    }
    return scope;
  }

  private static void onlyWithScope(
      EnterpriseExportScope scope,
      EnterpriseExportScope allowed,
      String field,
      List<String> values) {
    if (!values.isEmpty() && scope != allowed) {
      throw invalid(field, "is only allowed when scope is " + allowed.name());
    }
  }
}
