package io.dataexport.standalone;

import static io.dataexport.standalone.ApiClient.json;
import static io.dataexport.standalone.RpcWire.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.CatalogFixtures;
import io.dataexport.standalone.ApiClient.Answer;
import io.dataexport.standalone.RpcWire.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * ListExports and ListTasks pages: newest first by (created_at, id), each item once, and items
 * created while a client pages never shift or repeat the pages after the first.
 */
class PaginationTest {

  private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static ApiClient api;
  private static RpcWire wire;
  private static MongoClient mongo;
  private static MongoDatabase db;

  @BeforeAll
  static void startStack() throws IOException {
    // paging is under test here, not the per-user queue cap: room for every export created
    stack =
        EmbeddedStack.start(
            new StackSettings(data, 0, 0, 0, 0)
                .withProperties(Map.of("dataexport.export.max-queued-per-user", "50")));
    api = new ApiClient(stack.facts().baseUrl(), stack.facts().apiKey());
    wire = new RpcWire(stack.facts().baseUrl(), stack.facts().apiKey());
    mongo = MongoClients.create(stack.facts().mongodbUri());
    db = mongo.getDatabase(stack.facts().mongodbDatabase());
  }

  @AfterAll
  static void stopStack() {
    if (mongo != null) {
      mongo.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  /** An item's place in newest-first order. */
  record Item(String id, Instant createdAt) {}

  private static final Comparator<Item> NEWEST_FIRST =
      Comparator.comparing(Item::createdAt).thenComparing(Item::id).reversed();

  private static List<String> ids(List<Item> items) {
    return items.stream().map(Item::id).toList();
  }

  // ---- ListExports ----

  private static final AtomicInteger REQUESTS = new AtomicInteger();

  /**
   * An end time no other request of this class has: every export created here is a new request, not
   * an identical one the gateway would answer with the export still running.
   */
  private static String distinctEndTime() {
    return Instant.parse("2030-01-01T00:00:00Z").plusSeconds(REQUESTS.incrementAndGet()).toString();
  }

  private static Item createExport(String userId) {
    Answer created =
        api.post(
            "enterprise.export.create",
            json(
                "user_id",
                userId,
                "scope",
                "ENTERPRISE_EXPORT_SCOPE_TASKS",
                "end_time",
                distinctEndTime()));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    return new Item(
        created.body().get("uid").asString(),
        Instant.parse(created.body().get("created_at").asString()));
  }

  private record Page(List<String> ids, String nextPageToken) {}

  private static Page v2Page(
      String operation, String itemsField, String idField, String requestJson) {
    Answer answer = api.post(operation, requestJson);
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    answer.body().get(itemsField).forEach(n -> ids.add(n.get(idField).asString()));
    // /v2 prints every field: an empty token on the last page, never a missing one.
    assertThat(answer.body().has("next_page_token")).isTrue();
    return new Page(ids, answer.body().get("next_page_token").asString());
  }

  private static Page exportsPage(String userId, int pageSize, String token) {
    return v2Page(
        "enterprise.export.list",
        "records",
        "uid",
        json("user_id", userId, "page_size", pageSize, "page_token", token));
  }

  @Test
  void listExportsPagesStayStableWhileExportsAreCreated() {
    String grace = DemoData.GRACE.userId();
    List<Item> originals = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      originals.add(createExport(grace));
    }
    List<String> expected = ids(originals.stream().sorted(NEWEST_FIRST).toList());

    Page first = exportsPage(grace, 2, "");
    assertThat(first.ids()).containsExactlyElementsOf(expected.subList(0, 2));
    assertThat(first.nextPageToken()).isNotEmpty();

    List<Item> newer = List.of(createExport(grace), createExport(grace));
    List<String> later = ids(newer);

    List<String> seen = new ArrayList<>(first.ids());
    String token = first.nextPageToken();
    int pages = 1;
    while (!token.isEmpty()) {
      Page page = exportsPage(grace, 2, token);
      pages++;
      assertThat(page.ids()).hasSizeBetween(1, 2).doesNotContainAnyElementsOf(later);
      if (!page.nextPageToken().isEmpty()) {
        assertThat(page.ids()).hasSize(2);
      }
      seen.addAll(page.ids());
      token = page.nextPageToken();
      assertThat(pages).as("the walk ends").isLessThanOrEqualTo(5);
    }
    assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(3);

    // A new walk sees the newer ones first, then the same originals.
    Page fresh = exportsPage(grace, 0, "");
    assertThat(fresh.ids()).hasSize(7);
    assertThat(fresh.ids().subList(0, 2))
        .containsExactlyElementsOf(ids(newer.stream().sorted(NEWEST_FIRST).toList()));
    assertThat(fresh.ids().subList(2, 7)).containsExactlyElementsOf(expected);
    assertThat(fresh.nextPageToken()).isEmpty();
  }

  @Test
  void pageSizeZeroMeansTwentyAndAHundredIsTheMost() {
    String userId = insertMember("pager@acme.example");
    List<Item> jobs = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      // Two jobs per millisecond: the id orders those of the same time.
      jobs.add(insertJob(userId, T0.plusMillis(i / 2)));
    }
    List<String> expected = ids(jobs.stream().sorted(NEWEST_FIRST).toList());

    Page byDefault = exportsPage(userId, 0, "");
    assertThat(byDefault.ids()).containsExactlyElementsOf(expected.subList(0, 20));
    assertThat(byDefault.nextPageToken()).isNotEmpty();
    Page rest = exportsPage(userId, 0, byDefault.nextPageToken());
    assertThat(rest.ids()).containsExactly(expected.get(20));
    assertThat(rest.nextPageToken()).isEmpty();

    Page all = exportsPage(userId, 100, "");
    assertThat(all.ids()).containsExactlyElementsOf(expected);
    assertThat(all.nextPageToken()).isEmpty();

    // Pages of one, tokens followed to the end, give the same order.
    List<String> walked = new ArrayList<>();
    String token = "";
    do {
      Page page = exportsPage(userId, 1, token);
      walked.addAll(page.ids());
      token = page.nextPageToken();
    } while (!token.isEmpty() && walked.size() <= 21);
    assertThat(walked).containsExactlyElementsOf(expected);
  }

  @Test
  void aConnectJsonWalkOfListExportsSeesEachExportOnce() {
    String linus = DemoData.LINUS.userId();
    List<Item> created = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Reply reply =
          wire.connect(
              "CreateExport",
              "application/json",
              utf8(
                  json(
                      "user_id",
                      linus,
                      "scope",
                      "ENTERPRISE_EXPORT_SCOPE_FULL",
                      "end_time",
                      distinctEndTime())));
      assertThat(reply.status()).as(reply.text()).isEqualTo(200);
      created.add(
          new Item(
              reply.json().get("uid").asString(),
              Instant.parse(reply.json().get("created_at").asString())));
    }
    List<String> expected = ids(created.stream().sorted(NEWEST_FIRST).toList());

    List<String> walked =
        connectWalk("ListExports", "records", "uid", json("user_id", linus, "page_size", 1), 1);
    assertThat(walked).containsExactlyElementsOf(expected);
  }

  /**
   * Follows next_page_token over Connect JSON; an absent token (the proto3 JSON default) ends it.
   */
  private static List<String> connectWalk(
      String method, String itemsField, String idField, String firstRequest, int pageSize) {
    List<String> walked = new ArrayList<>();
    JsonNode request = JsonMapperHolder.read(firstRequest);
    String token = "";
    for (int pages = 0; pages < 50; pages++) {
      String body = JsonMapperHolder.withToken(request, token);
      Reply reply = wire.connect(method, "application/json", utf8(body));
      assertThat(reply.status()).as(reply.text()).isEqualTo(200);
      JsonNode answer = reply.json();
      assertThat(answer.has("ok")).isFalse();
      List<String> page = new ArrayList<>();
      if (answer.has(itemsField)) {
        answer.get(itemsField).forEach(n -> page.add(n.get(idField).asString()));
      }
      assertThat(page).hasSizeLessThanOrEqualTo(pageSize);
      walked.addAll(page);
      token = answer.has("next_page_token") ? answer.get("next_page_token").asString() : "";
      if (token.isEmpty()) {
        return walked;
      }
      assertThat(page).hasSize(pageSize);
    }
    throw new AssertionError("no last page after 50 pages: " + walked);
  }

  /** Small JSON helpers for rewriting a request's page_token. */
  private static final class JsonMapperHolder {
    private static final tools.jackson.databind.json.JsonMapper JSON =
        tools.jackson.databind.json.JsonMapper.builder().build();

    static JsonNode read(String text) {
      return JSON.readTree(text);
    }

    static String withToken(JsonNode request, String token) {
      tools.jackson.databind.node.ObjectNode copy =
          (tools.jackson.databind.node.ObjectNode) request.deepCopy();
      copy.put("page_token", token);
      return copy.toString();
    }
  }

  // ---- refusals of the list operations ----

  private static String token(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Stream<Arguments> invalidListRequests() {
    String ada = DemoData.ADA.userId();
    List<Arguments> cases = new ArrayList<>();
    for (String[] op :
        List.of(
            new String[] {"enterprise.export.list", "ListExports"},
            new String[] {"enterprise.task.list", "ListTasks"})) {
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "page_size 101",
              json("user_id", ada, "page_size", 101),
              400,
              "invalid_argument",
              "page_size: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "page_size -1",
              json("user_id", ada, "page_size", -1),
              400,
              "invalid_argument",
              "page_size: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "page_size a string",
              json("user_id", ada, "page_size", "ten"),
              400,
              "invalid_argument",
              "page_size: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "page_size a fraction",
              "{\"user_id\":\"" + ada + "\",\"page_size\":2.5}",
              400,
              "invalid_argument",
              "page_size: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "garbage page_token",
              json("user_id", ada, "page_token", "garbage!!"),
              400,
              "invalid_argument",
              "page_token: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "page_token of another layout",
              json("user_id", ada, "page_token", token("v2|1|0|x")),
              400,
              "invalid_argument",
              "page_token: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "page_token with a non-number time",
              json("user_id", ada, "page_token", token("v1|soon|0|x")),
              400,
              "invalid_argument",
              "page_token: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "page_token with a time past any date",
              json("user_id", ada, "page_token", token("v1|31556889864403199|0|x")),
              400,
              "invalid_argument",
              "page_token: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "page_token with a time before any date",
              json("user_id", ada, "page_token", token("v1|-31557014167219200|0|x")),
              400,
              "invalid_argument",
              "page_token: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "neither user_id nor email",
              json("page_size", 2),
              400,
              "invalid_argument",
              "user_id: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "unknown user",
              json("user_id", "00000000-0000-4000-8000-000000000000"),
              404,
              "not_found",
              "user_id: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "user of another enterprise",
              json("email", DemoData.OUTSIDER.email()),
              404,
              "not_found",
              "email: "));
      cases.add(
          Arguments.of(
              op[0],
              op[1],
              "unknown field",
              json("user_id", ada, "pageSize_", 2),
              400,
              "invalid_argument",
              "pageSize_: "));
    }
    cases.add(
        Arguments.of(
            "enterprise.export.list",
            "ListExports",
            "status not an ExportStatus",
            json("user_id", ada, "status", "EXPORT_STATUS_BOGUS"),
            400,
            "invalid_argument",
            "status: "));
    cases.add(
        Arguments.of(
            "enterprise.task.list",
            "ListTasks",
            "start_time after end_time",
            json(
                "user_id",
                ada,
                "start_time",
                "2026-01-07T00:00:00Z",
                "end_time",
                "2026-01-06T00:00:00Z"),
            400,
            "invalid_argument",
            "start_time: "));
    cases.add(
        Arguments.of(
            "enterprise.task.list",
            "ListTasks",
            "start_time not RFC 3339",
            json("user_id", ada, "start_time", "last week"),
            400,
            "invalid_argument",
            "start_time: "));
    cases.add(
        Arguments.of(
            "enterprise.task.list",
            "ListTasks",
            "end_time not RFC 3339",
            json("user_id", ada, "end_time", "2026-01-06 00:00"),
            400,
            "invalid_argument",
            "end_time: "));
    cases.add(
        Arguments.of(
            "enterprise.task.list",
            "ListTasks",
            "include_deleted a string",
            json("user_id", ada, "include_deleted", "true"),
            400,
            "invalid_argument",
            "include_deleted: "));
    return cases.stream();
  }

  @ParameterizedTest(name = "[{index}] {1}: {2}")
  @MethodSource("invalidListRequests")
  void anInvalidListRequestIsRefusedNamingTheField(
      String v2Name,
      String connectName,
      String name,
      String request,
      int status,
      String code,
      String prefix) {
    Reply v2 = wire.v2(v2Name, "application/json", utf8(request));
    Reply connect = wire.connect(connectName, "application/json", utf8(request));
    for (Reply reply : List.of(v2, connect)) {
      assertThat(reply.status()).as(reply.text()).isEqualTo(status);
      assertThat(reply.json().get("code").asString()).as(reply.text()).isEqualTo(code);
      assertThat(reply.json().get("message").asString()).as(reply.text()).startsWith(prefix);
    }
    assertThat(v2.json().get("ok").asBoolean()).isFalse();
    assertThat(connect.json().get("message").asString())
        .isEqualTo(v2.json().get("message").asString());
  }

  // ---- ListTasks ----

  private static Instant day(double days) {
    return T0.plusMillis((long) (days * 86_400_000L));
  }

  private static Item insertSession(
      String id, DemoData.DemoUser user, Instant createdAt, boolean deleted) {
    db.getCollection(CatalogCollections.SESSIONS)
        .insertOne(CatalogFixtures.session(id, user.userId(), "Extra " + id, createdAt, deleted));
    return new Item(id, createdAt);
  }

  private static Page tasksPage(String requestJson) {
    return v2Page("enterprise.task.list", "tasks", "session_id", requestJson);
  }

  @Test
  void listTasksPagesStayStableWhileSessionsAreCreated() {
    DemoData.DemoUser ada = DemoData.ADA;
    List<Item> visible = new ArrayList<>();
    visible.add(new Item(DemoData.ADA_SESSION_PLAN, day(1)));
    visible.add(new Item(DemoData.ADA_SESSION_NOTES, day(2)));
    visible.add(insertSession("ses_ada_walk_a", ada, day(10), false));
    visible.add(insertSession("ses_ada_walk_b", ada, day(11), false));
    // Two sessions of the same instant: the id orders them.
    visible.add(insertSession("ses_ada_walk_c", ada, day(12), false));
    visible.add(insertSession("ses_ada_walk_d", ada, day(12), false));
    visible.add(insertSession("ses_ada_walk_e", ada, day(13), false));
    Item deletedExtra = insertSession("ses_ada_walk_deleted", ada, day(11.5), true);
    List<String> expected = ids(visible.stream().sorted(NEWEST_FIRST).toList());

    Page first = tasksPage(json("user_id", ada.userId(), "page_size", 2));
    assertThat(first.ids()).containsExactlyElementsOf(expected.subList(0, 2));
    assertThat(first.nextPageToken()).isNotEmpty();

    Item newer1 = insertSession("ses_ada_walk_new1", ada, day(20), false);
    Item newer2 = insertSession("ses_ada_walk_new2", ada, day(21), false);

    List<String> seen = new ArrayList<>(first.ids());
    String token = first.nextPageToken();
    int pages = 1;
    while (!token.isEmpty() && pages < 10) {
      Page page = tasksPage(json("user_id", ada.userId(), "page_size", 2, "page_token", token));
      pages++;
      assertThat(page.ids())
          .hasSizeBetween(1, 2)
          .doesNotContain(newer1.id(), newer2.id(), deletedExtra.id());
      seen.addAll(page.ids());
      token = page.nextPageToken();
    }
    assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
    assertThat(pages).isEqualTo(4);

    // include_deleted=true: the deleted sessions too, in their places, over a walk of threes.
    List<Item> everything = new ArrayList<>(visible);
    everything.add(new Item(DemoData.ADA_SESSION_DELETED, day(3)));
    everything.add(deletedExtra);
    everything.add(newer1);
    everything.add(newer2);
    List<String> expectedAll = ids(everything.stream().sorted(NEWEST_FIRST).toList());
    List<String> walked = new ArrayList<>();
    token = "";
    do {
      Page page =
          tasksPage(
              json(
                  "user_id",
                  ada.userId(),
                  "page_size",
                  3,
                  "include_deleted",
                  true,
                  "page_token",
                  token));
      walked.addAll(page.ids());
      token = page.nextPageToken();
    } while (!token.isEmpty() && walked.size() <= everything.size());
    assertThat(walked).containsExactlyElementsOf(expectedAll);

    // The same walk over Connect JSON, by email.
    assertThat(
            connectWalk(
                "ListTasks",
                "tasks",
                "session_id",
                json("email", ada.email(), "page_size", 3, "include_deleted", true),
                3))
        .containsExactlyElementsOf(expectedAll);
  }

  @Test
  void listTasksHonoursTheTimeBoundsInclusively() {
    String ada = DemoData.ADA.userId();
    // Seeded: PLAN on day 1, NOTES on day 2, DELETED (deleted) on day 3; other tests add only day
    // 10 and later.
    String d1 = day(1).toString();
    String d2 = day(2).toString();
    String d3 = day(3).toString();
    assertThat(tasksPage(json("user_id", ada, "start_time", d1, "end_time", d2)).ids())
        .containsExactly(DemoData.ADA_SESSION_NOTES, DemoData.ADA_SESSION_PLAN);
    assertThat(tasksPage(json("user_id", ada, "start_time", d1, "end_time", d3)).ids())
        .containsExactly(DemoData.ADA_SESSION_NOTES, DemoData.ADA_SESSION_PLAN);
    assertThat(
            tasksPage(
                    json("user_id", ada, "start_time", d1, "end_time", d3, "include_deleted", true))
                .ids())
        .containsExactly(
            DemoData.ADA_SESSION_DELETED, DemoData.ADA_SESSION_NOTES, DemoData.ADA_SESSION_PLAN);
    assertThat(
            tasksPage(
                    json(
                        "user_id",
                        ada,
                        "start_time",
                        day(1).plusMillis(1).toString(),
                        "end_time",
                        d3))
                .ids())
        .containsExactly(DemoData.ADA_SESSION_NOTES);
    assertThat(
            tasksPage(
                    json(
                        "user_id",
                        ada,
                        "start_time",
                        d1,
                        "end_time",
                        day(2).minusMillis(1).toString()))
                .ids())
        .containsExactly(DemoData.ADA_SESSION_PLAN);
    assertThat(tasksPage(json("user_id", ada, "end_time", d1)).ids())
        .containsExactly(DemoData.ADA_SESSION_PLAN);
    assertThat(tasksPage(json("user_id", ada, "start_time", d2, "end_time", d2)).ids())
        .containsExactly(DemoData.ADA_SESSION_NOTES);
    assertThat(tasksPage(json("user_id", ada, "end_time", day(1).minusMillis(1).toString())).ids())
        .isEmpty();

    // Pages within bounds: one at a time, the bounds kept on every page.
    Page first =
        tasksPage(
            json(
                "user_id",
                ada,
                "start_time",
                d1,
                "end_time",
                d3,
                "include_deleted",
                true,
                "page_size",
                1));
    assertThat(first.ids()).containsExactly(DemoData.ADA_SESSION_DELETED);
    Page second =
        tasksPage(
            json(
                "user_id",
                ada,
                "start_time",
                d1,
                "end_time",
                d3,
                "include_deleted",
                true,
                "page_size",
                1,
                "page_token",
                first.nextPageToken()));
    assertThat(second.ids()).containsExactly(DemoData.ADA_SESSION_NOTES);
    Page third =
        tasksPage(
            json(
                "user_id",
                ada,
                "start_time",
                d1,
                "end_time",
                d3,
                "include_deleted",
                true,
                "page_size",
                1,
                "page_token",
                second.nextPageToken()));
    assertThat(third.ids()).containsExactly(DemoData.ADA_SESSION_PLAN);
    assertThat(third.nextPageToken()).isEmpty();

    // What a task says of itself.
    Answer answer =
        api.post(
            "enterprise.task.list",
            json("user_id", ada, "start_time", d1, "end_time", d3, "include_deleted", true));
    JsonNode tasks = answer.body().get("tasks");
    assertThat(tasks.get(0).get("deleted").asBoolean()).isTrue();
    assertThat(tasks.get(1).get("deleted").asBoolean()).isFalse();
    assertThat(tasks.get(1).get("file_count").asInt()).isEqualTo(1);
    assertThat(tasks.get(2).get("file_count").asInt()).isEqualTo(2);
    assertThat(Instant.parse(tasks.get(2).get("created_at").asString())).isEqualTo(day(1));
  }

  @Test
  void aConnectJsonWalkOfListTasksSeesEachSessionOnce() {
    DemoData.DemoUser grace = DemoData.GRACE;
    List<Item> sessions = new ArrayList<>();
    sessions.add(new Item("ses_grace_compiler", day(4)));
    for (int i = 0; i < 4; i++) {
      sessions.add(insertSession("ses_grace_walk_" + i, grace, day(5 + i / 2), false));
    }
    List<String> expected = ids(sessions.stream().sorted(NEWEST_FIRST).toList());
    assertThat(
            connectWalk(
                "ListTasks",
                "tasks",
                "session_id",
                json("user_id", grace.userId(), "page_size", 2),
                2))
        .containsExactlyElementsOf(expected);
    Set<String> once = new HashSet<>(expected);
    assertThat(once).hasSize(5);
  }

  // ---- direct inserts ----

  private static String insertMember(String email) {
    String userId = UUID.randomUUID().toString();
    db.getCollection(CatalogCollections.USERS)
        .insertOne(CatalogFixtures.user(userId, email, "Page R", DemoData.ENTERPRISE_UID));
    return userId;
  }

  /** A finished job as the store keeps it; FAILED, so no archive is needed. */
  private static Item insertJob(String userId, Instant createdAt) {
    return new Item(
        StoredJobs.insertFailed(stack.facts(), DemoData.ENTERPRISE_UID, userId, createdAt),
        createdAt);
  }
}
