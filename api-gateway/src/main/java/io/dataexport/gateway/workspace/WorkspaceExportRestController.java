package io.dataexport.gateway.workspace;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.dataexport.api.v1.CreateWorkspaceExportResponse;
import io.dataexport.api.v1.DataHandlingFact;
import io.dataexport.api.v1.GetWorkspaceExportDownloadURLRequest;
import io.dataexport.api.v1.GetWorkspaceExportDownloadURLResponse;
import io.dataexport.api.v1.ListWorkspaceExportsRequest;
import io.dataexport.api.v1.ListWorkspaceExportsResponse;
import io.dataexport.api.v1.WorkspaceExportJob;
import io.dataexport.api.v1.WorkspaceExportStatus;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ProtoTime;
import io.dataexport.gateway.protocol.CallContext;
import io.dataexport.gateway.protocol.ProtoJson;
import io.dataexport.gateway.protocol.RequestBodies;
import io.dataexport.gateway.protocol.RpcDispatcher;
import io.dataexport.gateway.protocol.RpcMethod;
import io.dataexport.gateway.protocol.RpcMethods;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The workspace export's REST routes, in the shapes of the reference's "Workspace Data Export":
 * every answer is {@code {"data": ...}} with camelCase fields and lower-case statuses, every error
 * {@code {"error": {"code", "message"}}}. Each route calls the same operation as Connect and /v2,
 * through the same dispatcher, so authentication, limits and the audit trail are the same too.
 */
@RestController
public class WorkspaceExportRestController {

  public static final String EXPORTS_PATH = "/api/account/data-export";
  public static final String DOWNLOAD_PATH = "/api/exports/{id}/download";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RpcMethods methods;
  private final RpcDispatcher dispatcher;

  public WorkspaceExportRestController(RpcMethods methods, RpcDispatcher dispatcher) {
    this.methods = methods;
    this.dispatcher = dispatcher;
  }

  /** Starts one; the body, {@code {"reason": "..."}}, may be left out. */
  @PostMapping(EXPORTS_PATH)
  public ResponseEntity<String> create(HttpServletRequest http) {
    return answer(
        "enterprise.workspaceExport.create",
        http,
        prototype -> ProtoJson.read(RequestBodies.read(http), prototype),
        (CreateWorkspaceExportResponse created) ->
            new Answer(
                created.getDeduped() ? HttpStatus.OK : HttpStatus.ACCEPTED,
                JSON.createObjectNode()
                    .put("id", created.getId())
                    .put("status", status(created.getStatus()))
                    .put("deduped", created.getDeduped())));
  }

  @GetMapping(EXPORTS_PATH)
  public ResponseEntity<String> list(
      @RequestParam(defaultValue = "0") int pageSize,
      @RequestParam(defaultValue = "") String pageToken,
      HttpServletRequest http) {
    return answer(
        "enterprise.workspaceExport.list",
        http,
        prototype ->
            ListWorkspaceExportsRequest.newBuilder()
                .setPageSize(pageSize)
                .setPageToken(pageToken)
                .build(),
        (ListWorkspaceExportsResponse page) -> new Answer(HttpStatus.OK, listBody(page)));
  }

  @GetMapping(DOWNLOAD_PATH)
  public ResponseEntity<String> download(@PathVariable String id, HttpServletRequest http) {
    return answer(
        "enterprise.workspaceExport.downloadUrl",
        http,
        prototype -> GetWorkspaceExportDownloadURLRequest.newBuilder().setId(id).build(),
        (GetWorkspaceExportDownloadURLResponse link) ->
            new Answer(
                HttpStatus.OK,
                JSON.createObjectNode()
                    .put("url", link.getUrl())
                    .put("expiresAt", time(link.getUrlExpiresAt()))));
  }

  private record Answer(HttpStatus status, ObjectNode data) {}

  private <Q extends Message, R extends Message> ResponseEntity<String> answer(
      String operation, HttpServletRequest http, Function<Q, Q> decode, Function<R, Answer> shape) {
    try {
      @SuppressWarnings("unchecked")
      RpcMethod<Q, R> rpc = (RpcMethod<Q, R>) methods.byV2Name(operation).orElseThrow();
      Answer answer = shape.apply(dispatcher.call(rpc, CallContext.of(http), decode));
      ObjectNode body = JSON.createObjectNode();
      body.set("data", answer.data());
      return ResponseEntity.status(answer.status())
          .contentType(MediaType.APPLICATION_JSON)
          .body(JSON.writeValueAsString(body));
    } catch (ApiException e) {
      ObjectNode body = JSON.createObjectNode();
      body.putObject("error").put("code", e.code().wireName()).put("message", e.getMessage());
      return ResponseEntity.status(e.code().httpStatus())
          .headers(e.headers())
          .contentType(MediaType.APPLICATION_JSON)
          .body(JSON.writeValueAsString(body));
    }
  }

  private static ObjectNode listBody(ListWorkspaceExportsResponse page) {
    ObjectNode data = JSON.createObjectNode();
    ArrayNode jobs = data.putArray("jobs");
    for (WorkspaceExportJob job : page.getJobsList()) {
      ObjectNode row =
          jobs.addObject()
              .put("id", job.getId())
              .put("status", status(job.getStatus()))
              .put("rowCount", job.getRowCount())
              .put("createdAt", time(job.getCreatedAt()));
      row.put("completedAt", job.hasCompletedAt() ? time(job.getCompletedAt()) : null);
      row.put("error", job.getError().isEmpty() ? null : job.getError());
      if (job.getStatus() == WorkspaceExportStatus.WORKSPACE_EXPORT_STATUS_COMPLETED) {
        row.put("archiveSizeBytes", job.getArchiveSizeBytes());
        row.put("archiveSha256", job.getArchiveSha256());
      }
    }
    ObjectNode handling = data.putObject("dataHandling");
    handling.put("summary", page.getDataHandling().getSummary());
    ArrayNode facts = handling.putArray("facts");
    for (DataHandlingFact fact : page.getDataHandling().getFactsList()) {
      facts.addObject().put("title", fact.getTitle()).put("detail", fact.getDetail());
    }
    data.put("nextPageToken", page.getNextPageToken().isEmpty() ? null : page.getNextPageToken());
    return data;
  }

  /** {@code pending | running | completed | failed}, as the reference names them. */
  private static String status(WorkspaceExportStatus status) {
    return status.name().substring("WORKSPACE_EXPORT_STATUS_".length()).toLowerCase(Locale.ROOT);
  }

  private static String time(Timestamp timestamp) {
    return ProtoTime.instant(timestamp).toString();
  }
}
