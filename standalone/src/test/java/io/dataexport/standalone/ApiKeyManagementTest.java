package io.dataexport.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.Role;
import io.dataexport.standalone.RpcWire.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An administrator manages their enterprise's API keys over HTTP, on both protocols: issue (the
 * secret shown once), list, rotate with an overlap, revoke; other enterprises' keys stay out of
 * reach and an auditor key manages nothing.
 */
class ApiKeyManagementTest {

  private static final String JSON_TYPE = "application/json";

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static RpcWire admin;

  @BeforeAll
  static void startStack() throws IOException {
    stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0));
    admin = new RpcWire(stack.facts().baseUrl(), stack.facts().apiKey());
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anIssuedKeyWorksItsSecretIsShownOnceAndARevokedOneStops() {
    Reply issued =
        admin.v2(
            "enterprise.apiKey.issue",
            JSON_TYPE,
            body("{\"name\":\"nightly script\",\"role\":\"API_KEY_ROLE_AUDITOR\"}"));
    assertThat(issued.status()).as(issued.text()).isEqualTo(200);
    String secret = issued.json().get("api_key").asString();
    String keyId = issued.json().get("key").get("key_id").asString();
    assertThat(secret).startsWith("dex_" + keyId + "_");

    RpcWire auditor = new RpcWire(stack.facts().baseUrl(), secret);
    assertThat(auditor.v2("enterprise.export.list", JSON_TYPE, userBody()).status()).isEqualTo(200);

    Reply listed = admin.v2("enterprise.apiKey.list", JSON_TYPE, body("{}"));
    assertThat(listed.status()).isEqualTo(200);
    assertThat(new String(listed.body(), StandardCharsets.UTF_8))
        .contains(keyId)
        .doesNotContain(secret.substring(secret.lastIndexOf('_') + 1));
    JsonNode listedKey = keyIn(listed.json().get("keys"), keyId);
    assertThat(listedKey.get("role").asString()).isEqualTo("API_KEY_ROLE_AUDITOR");
    assertThat(listedKey.has("last_used_at")).as("used once above: " + listed.text()).isTrue();

    Reply revoked = admin.connect("RevokeApiKey", JSON_TYPE, body("{\"keyId\":\"" + keyId + "\"}"));
    assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
    assertThat(revoked.json().get("key").has("revoked_at")).isTrue();
    Reply refused = auditor.v2("enterprise.export.list", JSON_TYPE, userBody());
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().get("code").asString()).isEqualTo("unauthenticated");
  }

  @Test
  void aRotatedKeyAndItsSuccessorBothWorkDuringTheOverlap() {
    Reply issued =
        admin.connect(
            "IssueApiKey", JSON_TYPE, body("{\"name\":\"ci\",\"role\":\"API_KEY_ROLE_ADMIN\"}"));
    assertThat(issued.status()).as(issued.text()).isEqualTo(200);
    String oldKey = issued.json().get("api_key").asString();
    String oldId = issued.json().get("key").get("key_id").asString();

    Reply rotated =
        admin.v2(
            "enterprise.apiKey.rotate",
            JSON_TYPE,
            body("{\"key_id\":\"" + oldId + "\",\"overlap_seconds\":3600}"));

    assertThat(rotated.status()).as(rotated.text()).isEqualTo(200);
    String newKey = rotated.json().get("api_key").asString();
    assertThat(rotated.json().get("key").get("replaces").asString()).isEqualTo(oldId);
    assertThat(rotated.json().get("previous").get("replaced_by").asString())
        .isEqualTo(rotated.json().get("key").get("key_id").asString());
    Instant oldExpiry = Instant.parse(rotated.json().get("previous").get("expires_at").asString());
    assertThat(oldExpiry)
        .isBetween(Instant.now().plusSeconds(3500), Instant.now().plusSeconds(3601));
    for (String key : new String[] {oldKey, newKey}) {
      assertThat(
              new RpcWire(stack.facts().baseUrl(), key)
                  .v2("enterprise.export.list", JSON_TYPE, userBody())
                  .status())
          .isEqualTo(200);
    }
    Reply again =
        admin.v2("enterprise.apiKey.rotate", JSON_TYPE, body("{\"key_id\":\"" + oldId + "\"}"));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().get("code").asString()).isEqualTo("failed_precondition");
  }

  @Test
  void anotherEnterprisesKeyIsNotFoundAndAnAuditorManagesNoKeys() {
    String otherKeyId;
    String auditorKey;
    try (MongoClient mongo = MongoClients.create(stack.facts().mongodbUri())) {
      ApiKeyStore keys = new ApiKeyStore(mongo.getDatabase(stack.facts().mongodbDatabase()));
      otherKeyId =
          keys.issue(DemoData.OTHER_ENTERPRISE_UID, Role.ADMIN, "theirs", Instant.now()).keyId();
      auditorKey =
          keys.issue(DemoData.ENTERPRISE_UID, Role.AUDITOR, "auditor", Instant.now()).apiKey();
    }

    for (String operation : new String[] {"enterprise.apiKey.revoke", "enterprise.apiKey.rotate"}) {
      Reply refused = admin.v2(operation, JSON_TYPE, body("{\"key_id\":\"" + otherKeyId + "\"}"));
      assertThat(refused.status()).as(operation).isEqualTo(404);
      assertThat(refused.json().get("message").asString()).startsWith("key_id:");
    }
    assertThat(
            new String(
                admin.v2("enterprise.apiKey.list", JSON_TYPE, body("{}")).body(),
                StandardCharsets.UTF_8))
        .doesNotContain(otherKeyId);

    RpcWire auditor = new RpcWire(stack.facts().baseUrl(), auditorKey);
    Reply denied = auditor.v2("enterprise.apiKey.list", JSON_TYPE, body("{}"));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().get("code").asString()).isEqualTo("permission_denied");
    Reply deniedConnect =
        auditor.connect(
            "IssueApiKey", JSON_TYPE, body("{\"name\":\"x\",\"role\":\"API_KEY_ROLE_ADMIN\"}"));
    assertThat(deniedConnect.status()).isEqualTo(403);
  }

  @Test
  void badRequestsNameTheFieldAndTheRule() {
    Reply noRole = admin.v2("enterprise.apiKey.issue", JSON_TYPE, body("{\"name\":\"x\"}"));
    Reply pastExpiry =
        admin.v2(
            "enterprise.apiKey.issue",
            JSON_TYPE,
            body(
                "{\"name\":\"x\",\"role\":\"API_KEY_ROLE_ADMIN\",\"expires_at\":\"2020-01-01T00:00:00Z\"}"));
    Reply overlap =
        admin.v2(
            "enterprise.apiKey.rotate",
            JSON_TYPE,
            body("{\"key_id\":\"abc\",\"overlap_seconds\":999999}"));
    Reply noKey = admin.v2("enterprise.apiKey.revoke", JSON_TYPE, body("{}"));

    assertThat(noRole.json().get("message").asString()).startsWith("role: is required");
    assertThat(pastExpiry.json().get("message").asString())
        .isEqualTo("expires_at: must be in the future");
    assertThat(overlap.json().get("message").asString())
        .startsWith("overlap_seconds: must be between 0 and 604800");
    assertThat(noKey.json().get("message").asString()).isEqualTo("key_id: is required");
    for (Reply reply : new Reply[] {noRole, pastExpiry, overlap, noKey}) {
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.json().get("code").asString()).isEqualTo("invalid_argument");
    }
  }

  private static JsonNode keyIn(JsonNode keys, String keyId) {
    for (JsonNode key : keys) {
      if (key.get("key_id").asString().equals(keyId)) {
        return key;
      }
    }
    throw new AssertionError("key " + keyId + " not listed: " + keys);
  }

  private static byte[] userBody() {
    return body("{\"user_id\":\"" + DemoData.ADA.userId() + "\"}");
  }

  private static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
