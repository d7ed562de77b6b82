package io.dataexport.gateway.protocol;

import io.dataexport.api.v1.CancelExportRequest;
import io.dataexport.api.v1.CreateExportRequest;
import io.dataexport.api.v1.CreateWorkspaceExportRequest;
import io.dataexport.api.v1.GetCallerRequest;
import io.dataexport.api.v1.GetDownloadURLRequest;
import io.dataexport.api.v1.GetExportRequest;
import io.dataexport.api.v1.GetWorkspaceExportDownloadURLRequest;
import io.dataexport.api.v1.IssueApiKeyRequest;
import io.dataexport.api.v1.ListApiKeysRequest;
import io.dataexport.api.v1.ListExportsRequest;
import io.dataexport.api.v1.ListTasksRequest;
import io.dataexport.api.v1.ListWorkspaceExportsRequest;
import io.dataexport.api.v1.RevokeApiKeyRequest;
import io.dataexport.api.v1.RotateApiKeyRequest;
import io.dataexport.api.v1.SearchMembersRequest;
import io.dataexport.api.v1.SetLegalHoldRequest;
import io.dataexport.gateway.caller.CallerService;
import io.dataexport.gateway.export.ExportService;
import io.dataexport.gateway.keys.ApiKeyService;
import io.dataexport.gateway.member.MemberSearchService;
import io.dataexport.gateway.protocol.RpcMethod.Subject;
import io.dataexport.gateway.task.TaskService;
import io.dataexport.gateway.workspace.WorkspaceExportService;
import java.util.List;
import java.util.Optional;

/** The table of the API's operations, looked up by either protocol's name. */
public class RpcMethods {

  private final List<RpcMethod<?, ?>> methods;

  public RpcMethods(
      ExportService exports,
      TaskService tasks,
      MemberSearchService members,
      CallerService callers,
      ApiKeyService apiKeys,
      WorkspaceExportService workspaceExports) {
    this.methods =
        List.of(
            new RpcMethod<>(
                "ListTasks",
                "enterprise.task.list",
                "task.list",
                ListTasksRequest.getDefaultInstance(),
                (caller, request, context) -> tasks.list(caller, request),
                (request, response) ->
                    new Subject(
                        null,
                        targetUser(
                            request.getUserId(), response == null ? null : response.getUserId()),
                        null)),
            new RpcMethod<>(
                "CreateExport",
                "enterprise.export.create",
                "export.create",
                CreateExportRequest.getDefaultInstance(),
                (caller, request, context) ->
                    exports.create(caller, request, context.requestId(), context.idempotencyKey()),
                (request, response) ->
                    new Subject(
                        response == null ? null : response.getUid(),
                        targetUser(
                            request.getUserId(), response == null ? null : response.getUserId()),
                        request.hasReason() ? request.getReason() : null)),
            new RpcMethod<>(
                "GetExport",
                "enterprise.export.detail",
                "export.detail",
                GetExportRequest.getDefaultInstance(),
                (caller, request, context) -> exports.get(caller, request),
                (request, response) ->
                    new Subject(
                        request.getUid(),
                        response == null ? null : response.getRecord().getUserId(),
                        null)),
            new RpcMethod<>(
                "ListExports",
                "enterprise.export.list",
                "export.list",
                ListExportsRequest.getDefaultInstance(),
                (caller, request, context) -> exports.list(caller, request),
                (request, response) ->
                    new Subject(
                        null,
                        targetUser(
                            request.getUserId(), response == null ? null : response.getUserId()),
                        null)),
            new RpcMethod<>(
                "GetDownloadURL",
                "enterprise.export.downloadUrl",
                "export.download_url",
                GetDownloadURLRequest.getDefaultInstance(),
                (caller, request, context) -> exports.downloadUrl(caller, request),
                (request, response) -> new Subject(request.getUid(), null, null)),
            new RpcMethod<>(
                "CancelExport",
                "enterprise.export.cancel",
                "export.cancel",
                CancelExportRequest.getDefaultInstance(),
                (caller, request, context) -> exports.cancel(caller, request),
                (request, response) ->
                    new Subject(
                        request.getUid(),
                        response == null ? null : response.getRecord().getUserId(),
                        request.hasReason() ? request.getReason() : null)),
            new RpcMethod<>(
                "SetLegalHold",
                "enterprise.export.legalHold",
                "export.legal_hold",
                SetLegalHoldRequest.getDefaultInstance(),
                (caller, request, context) -> exports.setLegalHold(caller, request),
                (request, response) ->
                    new Subject(
                        request.getUid(),
                        response == null ? null : response.getRecord().getUserId(),
                        request.hasReason() ? request.getReason() : null)),
            new RpcMethod<>(
                "ListApiKeys",
                "enterprise.apiKey.list",
                "api_key.list",
                ListApiKeysRequest.getDefaultInstance(),
                (caller, request, context) -> apiKeys.list(caller, request),
                (request, response) -> Subject.ofKey(null)),
            new RpcMethod<>(
                "IssueApiKey",
                "enterprise.apiKey.issue",
                "api_key.issue",
                IssueApiKeyRequest.getDefaultInstance(),
                (caller, request, context) -> apiKeys.issue(caller, request),
                (request, response) ->
                    Subject.ofKey(response == null ? null : response.getKey().getKeyId())),
            new RpcMethod<>(
                "RotateApiKey",
                "enterprise.apiKey.rotate",
                "api_key.rotate",
                RotateApiKeyRequest.getDefaultInstance(),
                (caller, request, context) -> apiKeys.rotate(caller, request),
                (request, response) -> Subject.ofKey(request.getKeyId())),
            new RpcMethod<>(
                "RevokeApiKey",
                "enterprise.apiKey.revoke",
                "api_key.revoke",
                RevokeApiKeyRequest.getDefaultInstance(),
                (caller, request, context) -> apiKeys.revoke(caller, request),
                (request, response) -> Subject.ofKey(request.getKeyId())),
            new RpcMethod<>(
                "SearchMembers",
                "enterprise.member.search",
                "member.search",
                SearchMembersRequest.getDefaultInstance(),
                (caller, request, context) -> members.search(caller, request),
                (request, response) -> new Subject(null, null, null)),
            new RpcMethod<>(
                "GetCaller",
                "enterprise.caller.detail",
                "caller.detail",
                GetCallerRequest.getDefaultInstance(),
                (caller, request, context) -> callers.get(caller, request),
                (request, response) -> new Subject(null, null, null)),
            new RpcMethod<>(
                "CreateWorkspaceExport",
                "enterprise.workspaceExport.create",
                "workspace_export.create",
                CreateWorkspaceExportRequest.getDefaultInstance(),
                (caller, request, context) ->
                    workspaceExports.create(
                        caller, request, context.requestId(), context.idempotencyKey()),
                (request, response) ->
                    new Subject(
                        response == null ? null : response.getId(),
                        null,
                        request.hasReason() ? request.getReason() : null)),
            new RpcMethod<>(
                "ListWorkspaceExports",
                "enterprise.workspaceExport.list",
                "workspace_export.list",
                ListWorkspaceExportsRequest.getDefaultInstance(),
                (caller, request, context) -> workspaceExports.list(caller, request),
                (request, response) -> new Subject(null, null, null)),
            new RpcMethod<>(
                "GetWorkspaceExportDownloadURL",
                "enterprise.workspaceExport.downloadUrl",
                "workspace_export.download_url",
                GetWorkspaceExportDownloadURLRequest.getDefaultInstance(),
                (caller, request, context) -> workspaceExports.downloadUrl(caller, request),
                (request, response) -> new Subject(request.getId(), null, null)));
  }

  /**
   * The user a call was about: as resolved by the service when it answered (a request may name the
   * user by email only), else as the request named them.
   */
  private static String targetUser(String requested, String resolved) {
    return resolved != null && !resolved.isEmpty() ? resolved : requested;
  }

  public Optional<RpcMethod<?, ?>> byConnectName(String name) {
    return methods.stream().filter(m -> m.connectName().equals(name)).findFirst();
  }

  public Optional<RpcMethod<?, ?>> byV2Name(String name) {
    return methods.stream().filter(m -> m.v2Name().equals(name)).findFirst();
  }

  public List<RpcMethod<?, ?>> all() {
    return methods;
  }
}
