package io.dataexport.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raw HTTP calls of both protocols, with any body, Content-Type and API key: what a test of the
 * wire needs and {@link ApiClient} hides.
 */
final class RpcWire {

  static final String CONNECT_PATH = "/dataexport.v1.EnterpriseDataExportService/";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String apiKey;

  RpcWire(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  /** An answer as it came: status, Content-Type and body bytes. */
  record Reply(int status, String contentType, byte[] body) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    String text() {
      return "HTTP " + status + " " + contentType + " " + new String(body, StandardCharsets.UTF_8);
    }
  }

  Reply v2(String operation, String contentType, byte[] body) {
    return post("/v2/" + operation, contentType, body, apiKey);
  }

  Reply connect(String method, String contentType, byte[] body) {
    return post(CONNECT_PATH + method, contentType, body, apiKey);
  }

  /** {@code key} null sends no X-API-Key header. */
  Reply post(String path, String contentType, byte[] body, String key) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (key != null) {
      request.header("X-API-Key", key);
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
