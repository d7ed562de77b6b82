package io.dataexport.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate limits and security headers, over HTTP on the real stack. The gateway is told to trust
 * X-Forwarded-For from its local proxy (the test), so each test speaks from an address of its own
 * and the per-address limits of one test do not reach another's.
 */
class RequestLimitsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int KEY_BURST = 4;
  private static final int ADDRESS_BURST = 3;
  private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(1);

  @TempDir static Path data;
  private static EmbeddedStack stack;

  @BeforeAll
  static void startStack() throws IOException {
    stack =
        EmbeddedStack.start(
            new StackSettings(data, 0, 0, 0, 0)
                .withProperties(
                    Map.of(
                        // one call per 100 s after the burst: no refill during a test
                        "dataexport.rate-limit.per-key.requests-per-second", "0.01",
                        "dataexport.rate-limit.per-key.burst", Integer.toString(KEY_BURST),
                        "dataexport.rate-limit.per-address.requests-per-second", "0.01",
                        "dataexport.rate-limit.per-address.burst", Integer.toString(ADDRESS_BURST),
                        "dataexport.rate-limit.enterprises.ent_demo_globex.requests-per-second",
                            "0.01",
                        "dataexport.rate-limit.enterprises.ent_demo_globex.burst", "1",
                        "server.forward-headers-strategy", "native")));
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aKeyPastItsBurstGets429WithRetryAfterOnBothProtocols() throws Exception {
    String key = newKey(DemoData.ENTERPRISE_UID);
    String from = newAddress();
    for (int i = 0; i < KEY_BURST; i++) {
      assertThat(v2(key, from, "enterprise.export.list").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> v2 = v2(key, from, "enterprise.export.list");
    HttpResponse<String> connect = connect(key, from, "ListExports");

    for (HttpResponse<String> refused : java.util.List.of(v2, connect)) {
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(body(refused).get("code").asString()).isEqualTo("resource_exhausted");
      assertThat(body(refused).get("message").asString()).contains("rate limit");
      long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
      // one token per 100 s
      assertThat(retryAfter).isBetween(1L, 100L);
    }
  }

  @Test
  void anotherKeyOfTheSameEnterpriseHasItsOwnBucket() throws Exception {
    String from = newAddress();
    String first = newKey(DemoData.ENTERPRISE_UID);
    for (int i = 0; i <= KEY_BURST; i++) {
      v2(first, from, "enterprise.export.list");
    }
    assertThat(v2(first, from, "enterprise.export.list").statusCode()).isEqualTo(429);

    assertThat(v2(newKey(DemoData.ENTERPRISE_UID), from, "enterprise.export.list").statusCode())
        .isEqualTo(200);
  }

  @Test
  void anEnterprisesOwnRateReplacesTheDefault() throws Exception {
    String key = newKey(DemoData.OTHER_ENTERPRISE_UID);
    String from = newAddress();

    // Ada is not Globex's member: the call is refused, but it was let through to be refused
    assertThat(v2(key, from, "enterprise.export.list").statusCode()).isNotEqualTo(429);
    assertThat(v2(key, from, "enterprise.export.list").statusCode()).isEqualTo(429);
  }

  @Test
  void anAddressGuessingKeysIsRefusedEvenTheRightKeyUntilItsBucketRefills() throws Exception {
    String from = newAddress();
    for (int i = 0; i < ADDRESS_BURST; i++) {
      String guess = "dex_guessguess" + i + "_" + "G".repeat(40);
      assertThat(v2(guess, from, "enterprise.export.list").statusCode()).isEqualTo(401);
    }

    HttpResponse<String> refused = v2(stack.facts().apiKey(), from, "enterprise.export.list");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    // the rest of the world is not affected
    assertThat(v2(stack.facts().apiKey(), newAddress(), "enterprise.export.list").statusCode())
        .isEqualTo(200);
  }

  @Test
  void guessedDownloadLinksAreLimitedPerAddress() throws Exception {
    String from = newAddress();
    String guessed =
        stack.facts().baseUrl()
            + "/downloads/exports/"
            + DemoData.ENTERPRISE_UID
            + "/exp_guess.zip?expires=4102444800&signature=00";
    for (int i = 0; i < ADDRESS_BURST; i++) {
      assertThat(get(guessed, from).statusCode()).isEqualTo(403);
    }

    HttpResponse<String> refused = get(guessed, from);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void answersAreNeitherSniffedNorCachedNorReferred() throws Exception {
    String from = newAddress();
    String key = newKey(DemoData.ENTERPRISE_UID);
    for (HttpResponse<String> answer :
        java.util.List.of(
            v2(key, from, "enterprise.export.list"),
            connect(key, from, "ListExports"),
            v2("dex_nobodynobody_" + "N".repeat(40), from, "enterprise.export.list"),
            get(stack.facts().baseUrl() + "/downloads/exports/x/y.zip", from))) {
      assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
  }

  // ---- helpers ----

  private static String newKey(String enterpriseUid) {
    try (MongoClient mongo = MongoClients.create(stack.facts().mongodbUri())) {
      return new ApiKeyStore(mongo.getDatabase(stack.facts().mongodbDatabase()))
          .issue(enterpriseUid, Role.ADMIN, "limits test", Instant.now())
          .apiKey();
    }
  }

  /** A client address of its own (TEST-NET-3), presented through the trusted local proxy. */
  private static String newAddress() {
    return "203.0.113." + NEXT_ADDRESS.getAndIncrement();
  }

  private static HttpResponse<String> v2(String key, String from, String operation)
      throws Exception {
    return post(key, from, "/v2/" + operation, "{\"user_id\":\"" + DemoData.ADA.userId() + "\"}");
  }

  private static HttpResponse<String> connect(String key, String from, String method)
      throws Exception {
    return post(
        key, from, RpcWire.CONNECT_PATH + method, "{\"userId\":\"" + DemoData.ADA.userId() + "\"}");
  }

  private static HttpResponse<String> post(String key, String from, String path, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(stack.facts().baseUrl() + path))
            .header("Content-Type", "application/json")
            .header("X-API-Key", key)
            .header("X-Forwarded-For", from)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String url, String from)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).header("X-Forwarded-For", from).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode body(HttpResponse<String> answer) {
    return JSON.readTree(answer.body());
  }
}
