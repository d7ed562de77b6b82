package io.dataexport.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dataexport.digest.Sha256;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.Role;
import io.dataexport.standalone.RpcWire.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole-workspace export over its REST routes and both protocols, on the embedded stack: an
 * admin starts one (a second start while it runs answers the same job), it runs on the worker, and
 * the JSON document it downloads leads with a coverage manifest whose counts agree with what the
 * API says about the same enterprise; auditors read only, other enterprises see nothing.
 */
class WorkspaceExportTest {

  private static final String JSON_TYPE = "application/json";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static RpcWire admin;
  private static String auditorKey;
  private static String otherAdminKey;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startStack() throws IOException {
    stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0));
    admin = new RpcWire(stack.facts().baseUrl(), stack.facts().apiKey());
    try (MongoClient mongo = MongoClients.create(stack.facts().mongodbUri())) {
      ApiKeyStore keys = new ApiKeyStore(mongo.getDatabase(stack.facts().mongodbDatabase()));
      auditorKey =
          keys.issue(DemoData.ENTERPRISE_UID, Role.AUDITOR, "auditor", Instant.now()).apiKey();
      otherAdminKey =
          keys.issue(DemoData.OTHER_ENTERPRISE_UID, Role.ADMIN, "theirs", Instant.now()).apiKey();
    }
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aWorkspaceExportRunsAndItsArchiveLeadsWithAManifestThatAgreesWithTheApi()
      throws IOException {
    Answer started = rest("POST", "/api/account/data-export", stack.facts().apiKey(), "");
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String id = started.data().get("id").asString();
    assertThat(started.data().get("status").asString()).isEqualTo("pending");
    assertThat(started.data().get("deduped").asBoolean()).isFalse();

    JsonNode done = awaitJob(id, "completed");
    assertThat(done.get("error").isNull()).isTrue();
    assertThat(done.get("completedAt").asString()).isNotEmpty();

    Answer link = rest("GET", "/api/exports/" + id + "/download", stack.facts().apiKey(), null);
    assertThat(link.status()).as(link.text()).isEqualTo(200);
    HttpResponse<byte[]> archive = get(link.data().get("url").asString());
    assertThat(archive.statusCode()).isEqualTo(200);
    assertThat(archive.headers().firstValue("Content-Type")).hasValue("application/json");
    MessageDigest sha256 = Sha256.newDigest();
    sha256.update(archive.body());
    assertThat(Sha256.hex(sha256)).isEqualTo(done.get("archiveSha256").asString());
    assertThat((long) archive.body().length).isEqualTo(done.get("archiveSizeBytes").asLong());

    assertThat(firstKeyOf(archive.body())).as("the manifest leads").isEqualTo("manifest");
    JsonNode document = JSON.readTree(archive.body());
    Map<String, JsonNode> coverage = new HashMap<>();
    long records = 0;
    for (JsonNode section : document.get("manifest").get("sections")) {
      coverage.put(section.get("name").asString(), section);
      records += section.get("recordCount").asLong();
      JsonNode payload = document.get(section.get("name").asString());
      assertThat(payload).as(section.get("name").asString()).isNotNull();
      assertThat(payload.isArray() ? payload.size() : 1)
          .as("records in %s", section.get("name").asString())
          .isEqualTo(section.get("recordCount").asInt());
      assertThat(section.get("capped").asBoolean()).isFalse();
    }
    assertThat(coverage)
        .containsOnlyKeys(
            "enterprise",
            "members",
            "teams",
            "team_memberships",
            "projects",
            "api_keys",
            "exports",
            "member_data");
    assertThat(done.get("rowCount").asLong()).isEqualTo(records);

    List<JsonNode> members = membersFromTheApi();
    assertThat(coverage.get("members").get("recordCount").asInt()).isEqualTo(members.size());
    assertThat(document.get("members").findValuesAsString("user_id"))
        .containsExactlyInAnyOrderElementsOf(
            members.stream().map(m -> m.get("user_id").asString()).toList());
    assertThat(document.get("enterprise").get("_id").asString()).isEqualTo(DemoData.ENTERPRISE_UID);
    assertThat(document.get("exports").findValuesAsString("export_uid")).contains(id);
    assertThat(document.get("api_keys").findValuesAsString("_id"))
        .contains(stack.facts().apiKey().split("_")[1]);

    // a member's counts are what their own export would hold: Ada's sessions, as task.list says
    JsonNode ada = memberData(document, DemoData.ADA.userId());
    assertThat(ada.get("records").get("session_info.json").asInt()).isEqualTo(adasTasks());

    String text = new String(archive.body(), StandardCharsets.UTF_8);
    assertThat(text)
        .doesNotContain("secret_sha256")
        .doesNotContain(stack.facts().apiKey())
        .doesNotContain(DemoData.SEEDED_SECRET)
        .doesNotContain(DemoData.OTHER_ENTERPRISE_UID);
  }

  @Test
  void aSecondStartWhileOneRunsAnswersThatOneOnEveryProtocol() {
    String running =
        StoredJobs.insertProcessingWorkspace(stack.facts(), DemoData.OTHER_ENTERPRISE_UID);
    try {
      Answer rest = rest("POST", "/api/account/data-export", otherAdminKey, "{\"reason\":\"x\"}");
      assertThat(rest.status()).as(rest.text()).isEqualTo(200);
      assertThat(rest.data().get("id").asString()).isEqualTo(running);
      assertThat(rest.data().get("status").asString()).isEqualTo("running");
      assertThat(rest.data().get("deduped").asBoolean()).isTrue();

      RpcWire other = new RpcWire(stack.facts().baseUrl(), otherAdminKey);
      Reply connect = other.connect("CreateWorkspaceExport", JSON_TYPE, RpcWire.utf8("{}"));
      assertThat(connect.status()).as(connect.text()).isEqualTo(200);
      assertThat(connect.json().get("id").asString()).isEqualTo(running);
      assertThat(connect.json().get("deduped").asBoolean()).isTrue();
      Reply v2 = other.v2("enterprise.workspaceExport.create", JSON_TYPE, RpcWire.utf8("{}"));
      assertThat(v2.json().get("id").asString()).isEqualTo(running);
      assertThat(v2.json().get("status").asString()).isEqualTo("WORKSPACE_EXPORT_STATUS_RUNNING");

      Reply notYet =
          other.v2(
              "enterprise.workspaceExport.downloadUrl",
              JSON_TYPE,
              RpcWire.utf8("{\"id\":\"" + running + "\"}"));
      assertThat(notYet.status()).isEqualTo(400);
      assertThat(notYet.json().get("message").asString())
          .startsWith("id: the workspace export is running");
    } finally {
      StoredJobs.release(stack.facts(), running);
    }
    Answer listed = rest("GET", "/api/account/data-export", otherAdminKey, null);
    JsonNode released = listed.data().get("jobs").get(0);
    assertThat(released.get("id").asString()).isEqualTo(running);
    assertThat(released.get("status").asString()).isEqualTo("failed");
    assertThat(released.get("error").asString()).contains("released by a test");
  }

  @Test
  void anAuditorListsButNeitherStartsNorDownloadsAndOtherEnterprisesSeeNothing() {
    Answer refused = rest("POST", "/api/account/data-export", auditorKey, "");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("error").get("code").asString()).isEqualTo("permission_denied");
    assertThat(refused.json().get("error").get("message").asString()).contains("ADMIN");

    Answer started = rest("POST", "/api/account/data-export", stack.facts().apiKey(), "");
    String id = started.data().get("id").asString();
    awaitJob(id, "completed");

    Answer listed = rest("GET", "/api/account/data-export", auditorKey, null);
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.data().get("jobs").findValuesAsString("id")).contains(id);
    assertThat(listed.data().get("dataHandling").get("facts").size()).isGreaterThan(3);
    assertThat(rest("GET", "/api/exports/" + id + "/download", auditorKey, null).status())
        .isEqualTo(403);

    Answer theirs = rest("GET", "/api/account/data-export", otherAdminKey, null);
    assertThat(theirs.data().get("jobs").findValuesAsString("id")).doesNotContain(id);
    Answer notTheirs = rest("GET", "/api/exports/" + id + "/download", otherAdminKey, null);
    assertThat(notTheirs.status()).isEqualTo(404);
    assertThat(notTheirs.json().get("error").get("message").asString())
        .isEqualTo("id: no such workspace export in this enterprise");

    // the per-user API does not know workspace exports, and the other way round
    Reply asUserExport =
        admin.v2("enterprise.export.detail", JSON_TYPE, RpcWire.utf8("{\"uid\":\"" + id + "\"}"));
    assertThat(asUserExport.status()).isEqualTo(404);
  }

  @Test
  void badRequestsNameTheFieldAndTheRule() {
    Answer blank =
        rest("POST", "/api/account/data-export", stack.facts().apiKey(), "{\"reason\":\" \"}");
    Answer unknown =
        rest("POST", "/api/account/data-export", stack.facts().apiKey(), "{\"why\":\"x\"}");
    Answer badPage =
        rest("GET", "/api/account/data-export?pageSize=1000", stack.facts().apiKey(), null);
    Answer noKey = rest("GET", "/api/account/data-export", null, null);

    assertThat(blank.json().get("error").get("message").asString())
        .startsWith("reason: must not be blank");
    assertThat(unknown.json().get("error").get("message").asString()).contains("why");
    assertThat(badPage.json().get("error").get("message").asString()).startsWith("page_size:");
    for (Answer answer : List.of(blank, unknown, badPage)) {
      assertThat(answer.status()).as(answer.text()).isEqualTo(400);
      assertThat(answer.json().get("error").get("code").asString()).isEqualTo("invalid_argument");
    }
    assertThat(noKey.status()).isEqualTo(401);
    assertThat(noKey.json().get("error").get("code").asString()).isEqualTo("unauthenticated");
  }

  private JsonNode awaitJob(String id, String status) {
    JsonNode[] job = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              Answer listed = rest("GET", "/api/account/data-export", stack.facts().apiKey(), null);
              for (JsonNode row : listed.data().get("jobs")) {
                if (row.get("id").asString().equals(id)) {
                  job[0] = row;
                  assertThat(row.get("status").asString()).isNotEqualTo("failed");
                  return row.get("status").asString().equals(status);
                }
              }
              return false;
            });
    return job[0];
  }

  private static List<JsonNode> membersFromTheApi() {
    List<JsonNode> members = new ArrayList<>();
    String token = "";
    do {
      Reply page =
          admin.v2(
              "enterprise.member.search",
              JSON_TYPE,
              RpcWire.utf8("{\"page_size\":100,\"page_token\":\"" + token + "\"}"));
      page.json().get("members").forEach(members::add);
      token = page.json().get("next_page_token").asString();
    } while (!token.isEmpty());
    return members;
  }

  private static int adasTasks() {
    Reply tasks =
        admin.v2(
            "enterprise.task.list",
            JSON_TYPE,
            RpcWire.utf8("{\"user_id\":\"" + DemoData.ADA.userId() + "\",\"page_size\":100}"));
    assertThat(tasks.json().get("next_page_token").asString()).isEmpty();
    return tasks.json().get("tasks").size();
  }

  private static JsonNode memberData(JsonNode document, String userId) {
    for (JsonNode member : document.get("member_data")) {
      if (member.get("user_id").asString().equals(userId)) {
        return member;
      }
    }
    throw new AssertionError("no member_data for " + userId);
  }

  /** The name of the document's first key, read as a stream: what a consumer meets first. */
  private static String firstKeyOf(byte[] document) {
    try (JsonParser parser = JSON.createParser(document)) {
      assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      assertThat(parser.nextToken()).isEqualTo(JsonToken.PROPERTY_NAME);
      return parser.currentName();
    }
  }

  private record Answer(int status, String body) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    JsonNode data() {
      return json().get("data");
    }

    String text() {
      return "HTTP " + status + " " + body;
    }
  }

  /** {@code body} null sends none; {@code key} null sends no X-API-Key. */
  private Answer rest(String method, String path, String key, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.facts().baseUrl() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", JSON_TYPE);
    }
    if (key != null) {
      request.header("X-API-Key", key);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<byte[]> get(String url) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
