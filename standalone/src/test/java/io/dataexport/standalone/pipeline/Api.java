package io.dataexport.standalone.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The /v2 API as a client script calls it: POST, JSON, one enterprise's API key. */
final class Api {

  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String apiKey;

  Api(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  record Answer(int status, JsonNode body) {

    String code() {
      return body.path("code").asString("");
    }

    String uid() {
      return body.path("uid").asString();
    }
  }

  /** One export request of a user; {@code body} holds the other fields. */
  Answer create(String userId, String scope, String reason, ObjectNode body) {
    ObjectNode request = body == null ? JSON.createObjectNode() : body.deepCopy();
    request.put("user_id", userId).put("scope", scope);
    if (reason != null) {
      request.put("reason", reason);
    }
    return post("enterprise.export.create", request);
  }

  Answer create(String userId, String scope) {
    return create(userId, scope, null, null);
  }

  /** The export's record ({@code record} of enterprise.export.detail). */
  JsonNode record(String uid) {
    Answer detail = post("enterprise.export.detail", JSON.createObjectNode().put("uid", uid));
    if (detail.status() != 200) {
      throw new IllegalStateException("detail of " + uid + " answered " + detail);
    }
    return detail.body().get("record");
  }

  String status(String uid) {
    return record(uid).get("status").asString();
  }

  Answer post(String operation, ObjectNode body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v2/" + operation))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .header("X-API-Key", apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode fields() {
    return JSON.createObjectNode();
  }

  /** From the export's creation to its end, as the service recorded both. */
  static Duration runTime(JsonNode record) {
    return Duration.between(
        Instant.parse(record.get("created_at").asString()),
        Instant.parse(record.get("finished_at").asString()));
  }
}
