package io.dataexport.gateway.protocol;

import io.dataexport.gateway.api.ApiException;
import io.dataexport.gateway.api.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/** Reads request bodies with a size limit, so an oversize body is refused, never buffered whole. */
public final class RequestBodies {

  public static final int MAX_BYTES = 1 << 20;

  private RequestBodies() {}

  public static byte[] read(HttpServletRequest request) {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new ApiException(
          ErrorCode.INVALID_ARGUMENT, "request body could not be read: " + e.getMessage());
    }
    if (body.length > MAX_BYTES) {
      throw new ApiException(
          ErrorCode.INVALID_ARGUMENT, "request body exceeds the limit of " + MAX_BYTES + " bytes");
    }
    return body;
  }
}
