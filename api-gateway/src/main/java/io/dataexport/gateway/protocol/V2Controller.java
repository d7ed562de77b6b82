package io.dataexport.gateway.protocol;

import com.google.protobuf.Message;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The RPC-style /v2 API of reference/create-export-endpoint.txt: {@code POST
 * /v2/enterprise.<resource>.<verb>}, snake_case JSON, every answer an object that starts with
 * {@code ok} and {@code request_id}; errors add {@code code} and {@code message}.
 */
@RestController
public class V2Controller {

  public static final String PATH = "/v2/";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RpcMethods methods;
  private final RpcDispatcher dispatcher;

  public V2Controller(RpcMethods methods, RpcDispatcher dispatcher) {
    this.methods = methods;
    this.dispatcher = dispatcher;
  }

  @PostMapping(PATH + "{operation}")
  public ResponseEntity<String> call(@PathVariable String operation, HttpServletRequest http) {
    String requestId = RequestIdFilter.of(http);
    try {
      RpcMethod<?, ?> rpc =
          methods
              .byV2Name(operation)
              .orElseThrow(() -> ApiException.notFound("unknown operation " + PATH + operation));
      requireJson(http.getContentType());
      CallContext context = CallContext.of(http);
      Message response = dispatch(rpc, context, http);
      ObjectNode body = envelope(true, requestId);
      body.setAll((ObjectNode) JSON.readTree(ProtoJson.writeWithDefaults(response)));
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .body(JSON.writeValueAsString(body));
    } catch (ApiException e) {
      ObjectNode body = envelope(false, requestId);
      body.put("code", e.code().wireName());
      body.put("message", e.getMessage());
      return ResponseEntity.status(e.code().httpStatus())
          .headers(e.headers())
          .contentType(MediaType.APPLICATION_JSON)
          .body(JSON.writeValueAsString(body));
    }
  }

  private <Q extends Message, R extends Message> R dispatch(
      RpcMethod<Q, R> rpc, CallContext context, HttpServletRequest http) {
    return dispatcher.call(
        rpc, context, prototype -> ProtoJson.read(RequestBodies.read(http), prototype));
  }

  private static void requireJson(String contentType) {
    if (contentType == null) {
      return;
    }
    String type = contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
    if (!type.equals("application/json")) {
      throw new ApiException(
          ErrorCode.INVALID_ARGUMENT, "Content-Type: must be application/json, not '" + type + "'");
    }
  }

  private static ObjectNode envelope(boolean ok, String requestId) {
    ObjectNode body = JSON.createObjectNode();
    body.put("ok", ok);
    body.put("request_id", requestId);
    return body;
  }
}
