package io.dataexport.standalone;

import static io.dataexport.standalone.ApiClient.json;
import static io.dataexport.standalone.RpcWire.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dataexport.api.v1.SearchMembersRequest;
import io.dataexport.api.v1.SearchMembersResponse;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.Role;
import io.dataexport.standalone.ApiClient.Answer;
import io.dataexport.standalone.DemoData.DemoUser;
import io.dataexport.standalone.RpcWire.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * enterprise.member.search and enterprise.caller.detail over real HTTP on the embedded stack: whom
 * an administrator (or auditor) can find, in which order and pages, what is refused, and that each
 * call is audited. Expected members come from the demo data, never from an answer.
 */
class MemberSearchTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The demo enterprise's members, current and former, in the order the search pages them. */
  private static final List<DemoUser> ACME_MEMBERS =
      Stream.of(DemoData.ADA, DemoData.GRACE, DemoData.LINUS)
          .sorted(Comparator.comparing(DemoUser::email))
          .toList();

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static ApiClient admin;
  private static ApiClient auditor;
  private static RpcWire wire;

  @BeforeAll
  static void startStack() throws IOException {
    stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0));
    admin = new ApiClient(stack.facts().baseUrl(), stack.facts().apiKey());
    wire = new RpcWire(stack.facts().baseUrl(), stack.facts().apiKey());
    try (MongoClient client = MongoClients.create(stack.facts().mongodbUri())) {
      auditor =
          new ApiClient(
              stack.facts().baseUrl(),
              new ApiKeyStore(client.getDatabase(stack.facts().mongodbDatabase()))
                  .issue(DemoData.ENTERPRISE_UID, Role.AUDITOR, "member auditor", Instant.now())
                  .apiKey());
    }
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void anEmptyQueryListsEveryCurrentAndFormerMemberOfTheCallersEnterpriseOnly() {
    Answer answer = admin.post("enterprise.member.search", "{}");

    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    assertThat(userIds(answer.body()))
        .containsExactlyElementsOf(ACME_MEMBERS.stream().map(DemoUser::userId).toList())
        .doesNotContain(DemoData.OUTSIDER.userId());
  }

  @Test
  void aPieceOfTheNameFindsADeletedFormerMemberWithWhatTheirMembershipSays() {
    Answer answer =
        admin.post(
            "enterprise.member.search", json("query", DemoData.LINUS.name().substring(2, 7)));

    JsonNode linus = single(answer.body());
    assertThat(linus.get("user_id").asString()).isEqualTo(DemoData.LINUS.userId());
    assertThat(linus.get("email").asString()).isEqualTo(DemoData.LINUS.email());
    assertThat(linus.get("deleted").asBoolean()).isTrue();
    assertThat(linus.get("former_member").asBoolean()).isTrue();
    assertThat(linus.get("left_at").asString()).isNotEmpty();
  }

  @Test
  void theEmailMatchesIgnoringCase() {
    JsonNode grace =
        single(admin.post("enterprise.member.search", json("query", "GRACE@ACME")).body());

    assertThat(grace.get("user_id").asString()).isEqualTo(DemoData.GRACE.userId());
    assertThat(grace.get("former_member").asBoolean()).isFalse();
    assertThat(grace.has("left_at")).isFalse();
  }

  @Test
  void anotherEnterprisesMemberIsNotFoundByAnyPieceOfTheirEmailOrName() {
    for (String query :
        List.of(DemoData.OUTSIDER.email(), DemoData.OUTSIDER.name(), "globex", "Sider")) {
      Answer answer = admin.post("enterprise.member.search", json("query", query));
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body().get("members")).as(query).isEmpty();
    }
  }

  @Test
  void pagesOfOneWalkEveryMemberOnceInOrder() {
    List<String> paged = new ArrayList<>();
    String token = "";
    do {
      JsonNode page =
          admin.post("enterprise.member.search", json("page_size", 1, "page_token", token)).body();
      assertThat(page.get("members")).hasSizeLessThanOrEqualTo(1);
      paged.addAll(userIds(page));
      token = page.get("next_page_token").asString();
    } while (!token.isEmpty() && paged.size() <= ACME_MEMBERS.size());

    assertThat(paged)
        .containsExactlyElementsOf(ACME_MEMBERS.stream().map(DemoUser::userId).toList());
  }

  @Test
  void badRequestsAreRefusedNamingTheFieldAndTheRule() {
    assertRefused(json("page_size", 101), "page_size: must be between 1 and 100");
    assertRefused(json("page_size", -1), "page_size: must be between 1 and 100");
    assertRefused(json("query", "a".repeat(321)), "query: must be at most 320 characters");
    assertRefused(json("page_token", "not-a-token"), "page_token: is not a token this API issued");
    // a token of another list is no member position
    String taskToken =
        admin
            .post(
                "enterprise.task.list",
                json("user_id", DemoData.ADA.userId(), "page_size", 1, "include_deleted", true))
            .body()
            .get("next_page_token")
            .asString();
    assertThat(taskToken).isNotEmpty();
    assertRefused(json("page_token", taskToken), "page_token: is not a token this API issued");
    assertRefused(json("email", "ada@acme.example"), "email: unknown field");
  }

  @Test
  void theConnectProtocolAnswersTheSameSearchInJsonAndBinary() throws Exception {
    Reply viaJson =
        wire.connect(
            "SearchMembers",
            "application/json",
            utf8(json("query", "acme.example", "page_size", 2)));
    assertThat(viaJson.status()).as(viaJson.text()).isEqualTo(200);
    List<String> jsonIds = new ArrayList<>();
    viaJson.json().get("members").forEach(m -> jsonIds.add(m.get("user_id").asString()));

    Reply viaBinary =
        wire.connect(
            "SearchMembers",
            "application/proto",
            SearchMembersRequest.newBuilder()
                .setQuery("acme.example")
                .setPageSize(2)
                .build()
                .toByteArray());
    assertThat(viaBinary.status()).isEqualTo(200);
    SearchMembersResponse binary = SearchMembersResponse.parseFrom(viaBinary.body());

    List<String> firstTwo = ACME_MEMBERS.stream().limit(2).map(DemoUser::userId).toList();
    assertThat(jsonIds).isEqualTo(firstTwo);
    assertThat(binary.getMembersList()).extracting(m -> m.getUserId()).isEqualTo(firstTwo);
    assertThat(binary.getNextPageToken()).isNotEmpty();
  }

  @Test
  void anAuditorMaySearchAndEachKeyLearnsItsRole() {
    Answer searched = auditor.post("enterprise.member.search", json("query", "ada"));
    assertThat(searched.status()).isEqualTo(200);
    assertThat(userIds(searched.body())).containsExactly(DemoData.ADA.userId());

    JsonNode auditorCaller = auditor.post("enterprise.caller.detail", "{}").body();
    assertThat(auditorCaller.get("role").asString()).isEqualTo("API_KEY_ROLE_AUDITOR");
    assertThat(auditorCaller.get("enterprise_uid").asString()).isEqualTo(DemoData.ENTERPRISE_UID);
    JsonNode adminCaller = admin.post("enterprise.caller.detail", "{}").body();
    assertThat(adminCaller.get("role").asString()).isEqualTo("API_KEY_ROLE_ADMIN");
    String key = stack.facts().apiKey();
    assertThat(key).contains(adminCaller.get("key_id").asString());
    assertThat(adminCaller.toString()).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
  }

  @Test
  void withoutAKeyNothingIsFound() {
    Reply reply = wire.post("/v2/enterprise.member.search", "application/json", utf8("{}"), null);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.json().has("members")).isFalse();
  }

  @Test
  void everySearchIsAudited() {
    Answer searched = admin.post("enterprise.member.search", json("query", "grace"));
    Answer refused = admin.post("enterprise.member.search", json("page_size", 500));

    List<JsonNode> seen = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = auditConsumer()) {
      consumer.subscribe(List.of(stack.facts().topics().audit()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(r -> seen.add(JSON.readTree(r.value())));
                return auditOf(seen, refused) != null && auditOf(seen, searched) != null;
              });
    }
    JsonNode ok = auditOf(seen, searched);
    assertThat(ok.get("type").asString()).isEqualTo("io.dataexport.audit.member.search");
    assertThat(ok.get("data").get("outcome").asString()).isEqualTo("succeeded");
    assertThat(ok.get("data").get("enterprise_uid").asString()).isEqualTo(DemoData.ENTERPRISE_UID);
    JsonNode no = auditOf(seen, refused);
    assertThat(no.get("data").get("outcome").asString()).isEqualTo("refused");
    assertThat(no.get("data").get("error_code").asString()).isEqualTo("invalid_argument");
  }

  private static JsonNode auditOf(List<JsonNode> events, Answer answer) {
    return events.stream()
        .filter(e -> answer.requestIdHeader().equals(e.get("data").path("request_id").asString("")))
        .findFirst()
        .orElse(null);
  }

  private static void assertRefused(String body, String messageStart) {
    Answer answer = admin.post("enterprise.member.search", body);
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
    assertThat(answer.body().get("code").asString()).isEqualTo("invalid_argument");
    assertThat(answer.body().get("message").asString()).startsWith(messageStart);
  }

  private static JsonNode single(JsonNode body) {
    assertThat(body.get("members")).as(body.toString()).hasSize(1);
    return body.get("members").get(0);
  }

  private static List<String> userIds(JsonNode body) {
    List<String> ids = new ArrayList<>();
    body.get("members").forEach(m -> ids.add(m.get("user_id").asString()));
    return ids;
  }

  private static KafkaConsumer<String, String> auditConsumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.facts().kafkaBootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "member-audit-test-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    return new KafkaConsumer<>(p);
  }
}
