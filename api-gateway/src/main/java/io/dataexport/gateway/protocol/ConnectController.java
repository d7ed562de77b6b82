package io.dataexport.gateway.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Connect protocol, unary: {@code POST /dataexport.v1.EnterpriseDataExportService/<Method>}
 * with {@code application/json} or {@code application/proto} bodies, answered in the same codec;
 * errors as Connect's JSON error body with Connect's HTTP status for the code.
 */
@RestController
public class ConnectController {

  public static final String SERVICE_PATH = "/dataexport.v1.EnterpriseDataExportService/";
  static final MediaType PROTO = MediaType.parseMediaType("application/proto");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RpcMethods methods;
  private final RpcDispatcher dispatcher;

  public ConnectController(RpcMethods methods, RpcDispatcher dispatcher) {
    this.methods = methods;
    this.dispatcher = dispatcher;
  }

  @PostMapping(SERVICE_PATH + "{method}")
  public ResponseEntity<byte[]> call(@PathVariable String method, HttpServletRequest http) {
    String requestId = RequestIdFilter.of(http);
    RpcMethod<?, ?> rpc = methods.byConnectName(method).orElse(null);
    if (rpc == null) {
      return error(
          new ApiException(ErrorCode.UNIMPLEMENTED, "unknown method " + SERVICE_PATH + method));
    }
    boolean binary;
    try {
      binary = isBinary(http.getContentType());
    } catch (ApiException e) {
      return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
          .header("Accept-Post", "application/json, application/proto")
          .contentType(MediaType.APPLICATION_JSON)
          .body(errorBody(e));
    }
    CallContext context = CallContext.of(http);
    try {
      Message response = dispatch(rpc, context, http, binary);
      byte[] body =
          binary
              ? response.toByteArray()
              : ProtoJson.write(response).getBytes(StandardCharsets.UTF_8);
      return ResponseEntity.ok()
          .contentType(binary ? PROTO : MediaType.APPLICATION_JSON)
          .body(body);
    } catch (ApiException e) {
      return error(e);
    }
  }

  private <Q extends Message, R extends Message> R dispatch(
      RpcMethod<Q, R> rpc, CallContext context, HttpServletRequest http, boolean binary) {
    return dispatcher.call(
        rpc, context, prototype -> decode(RequestBodies.read(http), prototype, binary));
  }

  private static boolean isBinary(String contentType) {
    String type =
        contentType == null ? "" : contentType.toLowerCase(Locale.ROOT).split(";")[0].strip();
    return switch (type) {
      case "application/json" -> false;
      case "application/proto" -> true;
      default ->
          throw new ApiException(
              ErrorCode.INVALID_ARGUMENT,
              "Content-Type: must be application/json or application/proto, not '" + type + "'");
    };
  }

  static <Q extends Message> Q decode(byte[] body, Q prototype, boolean binary) {
    if (!binary) {
      return ProtoJson.read(body, prototype);
    }
    try {
      @SuppressWarnings("unchecked")
      Q message = (Q) prototype.getParserForType().parseFrom(body);
      return message;
    } catch (InvalidProtocolBufferException e) {
      throw new ApiException(
          ErrorCode.INVALID_ARGUMENT,
          "request body is not a valid "
              + prototype.getDescriptorForType().getFullName()
              + " message");
    }
  }

  private static ResponseEntity<byte[]> error(ApiException e) {
    return ResponseEntity.status(e.code().httpStatus())
        .headers(e.headers())
        .contentType(MediaType.APPLICATION_JSON)
        .body(errorBody(e));
  }

  private static byte[] errorBody(ApiException e) {
    return JSON.writeValueAsBytes(Map.of("code", e.code().wireName(), "message", e.getMessage()));
  }
}
