package io.dataexport.standalone;

import static io.dataexport.standalone.ApiClient.json;
import static io.dataexport.standalone.RpcWire.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.dataexport.api.v1.CancelExportRequest;
import io.dataexport.api.v1.CreateExportRequest;
import io.dataexport.api.v1.CreateExportResponse;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.api.v1.ExportStatus;
import io.dataexport.api.v1.GetDownloadURLRequest;
import io.dataexport.api.v1.GetExportRequest;
import io.dataexport.api.v1.SetLegalHoldRequest;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.Role;
import io.dataexport.standalone.ApiClient.Answer;
import io.dataexport.standalone.RpcWire.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The request rules of the proto file, refused the same way by every protocol: each invalid request
 * of the table goes through /v2 JSON, Connect JSON and (where binary can say it) Connect binary,
 * and must come back with the code's HTTP status, the code, and a message that starts with the
 * field's wire name (or header's name). Expected values are the rules', never a copy of an answer.
 *
 * <p>Every export a test creates is awaited to its end before the test returns: a user may have
 * only a few exports pending or processing at once, an identical request while one runs answers
 * that one instead of a new export, and a request still on its way to the worker would claim the
 * user's next PENDING job, such as one a later test inserted to stay PENDING.
 */
class ValidationRulesTest {

  private static final String FULL = "ENTERPRISE_EXPORT_SCOPE_FULL";
  private static final String CUSTOM = "ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS";
  private static final String NOBODY_ID = "00000000-0000-4000-8000-000000000000";
  private static final String GRACE_SESSION = "ses_grace_compiler";

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static ApiClient api;
  private static RpcWire wire;
  private static String auditorKey;

  @BeforeAll
  static void startStack() throws IOException {
    stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0));
    api = new ApiClient(stack.facts().baseUrl(), stack.facts().apiKey());
    wire = new RpcWire(stack.facts().baseUrl(), stack.facts().apiKey());
    try (MongoClient client = MongoClients.create(stack.facts().mongodbUri())) {
      auditorKey =
          new ApiKeyStore(client.getDatabase(stack.facts().mongodbDatabase()))
              .issue(DemoData.ENTERPRISE_UID, Role.AUDITOR, "validation auditor", Instant.now())
              .apiKey();
    }
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  /** The operations under their two names. */
  enum Rpc {
    CREATE("CreateExport", "enterprise.export.create"),
    GET("GetExport", "enterprise.export.detail"),
    DOWNLOAD_URL("GetDownloadURL", "enterprise.export.downloadUrl"),
    CANCEL("CancelExport", "enterprise.export.cancel"),
    LEGAL_HOLD("SetLegalHold", "enterprise.export.legalHold");

    final String connectName;
    final String v2Name;

    Rpc(String connectName, String v2Name) {
      this.connectName = connectName;
      this.v2Name = v2Name;
    }
  }

  enum Protocol {
    V2_JSON,
    CONNECT_JSON,
    CONNECT_PROTO;

    Reply call(Rpc rpc, byte[] jsonBody, byte[] protoBody) {
      return switch (this) {
        case V2_JSON -> wire.v2(rpc.v2Name, "application/json", jsonBody);
        case CONNECT_JSON -> wire.connect(rpc.connectName, "application/json", jsonBody);
        case CONNECT_PROTO -> wire.connect(rpc.connectName, "application/proto", protoBody);
      };
    }

    /** The call with {@code apiKey} and further request headers. */
    Reply call(
        Rpc rpc, byte[] jsonBody, byte[] protoBody, String apiKey, Map<String, String> headers) {
      return switch (this) {
        case V2_JSON -> send("/v2/" + rpc.v2Name, "application/json", jsonBody, apiKey, headers);
        case CONNECT_JSON ->
            send(
                RpcWire.CONNECT_PATH + rpc.connectName,
                "application/json",
                jsonBody,
                apiKey,
                headers);
        case CONNECT_PROTO ->
            send(
                RpcWire.CONNECT_PATH + rpc.connectName,
                "application/proto",
                protoBody,
                apiKey,
                headers);
      };
    }
  }

  /**
   * A raw call with any headers, which {@link RpcWire} does not send. Through HttpURLConnection,
   * which sends a header value's characters as they are (java.net.http turns what is not ASCII into
   * '?', so the gateway would never see it).
   */
  private static Reply send(
      String path, String contentType, byte[] body, String apiKey, Map<String, String> headers) {
    try {
      HttpURLConnection http =
          (HttpURLConnection) URI.create(stack.facts().baseUrl() + path).toURL().openConnection();
      http.setRequestMethod("POST");
      http.setDoOutput(true);
      http.setRequestProperty("Content-Type", contentType);
      http.setRequestProperty("X-API-Key", apiKey);
      headers.forEach(http::setRequestProperty);
      try (OutputStream out = http.getOutputStream()) {
        out.write(body);
      }
      int status = http.getResponseCode();
      byte[] answer;
      try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
        answer = in == null ? new byte[0] : in.readAllBytes();
      }
      return new Reply(status, http.getContentType() == null ? "" : http.getContentType(), answer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One refused request.
   *
   * @param proto the same request in binary, or null where binary cannot say it (JSON syntax)
   * @param prefix how the message must start: the field's wire name and a colon
   * @param mentions a text the message must also hold, or null
   */
  record Invalid(
      String name,
      Rpc rpc,
      byte[] json,
      byte[] proto,
      int status,
      String code,
      String prefix,
      String mentions) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Invalid invalid(String name, String json, Message proto, String field) {
    return new Invalid(
        name,
        Rpc.CREATE,
        utf8(json),
        proto == null ? null : proto.toByteArray(),
        400,
        "invalid_argument",
        field + ": ",
        null);
  }

  private static Invalid invalid(Rpc rpc, String name, String json, Message proto, String field) {
    return new Invalid(
        name,
        rpc,
        utf8(json),
        proto == null ? null : proto.toByteArray(),
        400,
        "invalid_argument",
        field + ": ",
        null);
  }

  private static Invalid mentioning(Invalid c, String text) {
    return new Invalid(
        c.name(), c.rpc(), c.json(), c.proto(), c.status(), c.code(), c.prefix(), text);
  }

  private static Invalid notFound(Rpc rpc, String name, String json, Message proto, String field) {
    return new Invalid(
        name,
        rpc,
        utf8(json),
        proto == null ? null : proto.toByteArray(),
        404,
        "not_found",
        field + ": ",
        null);
  }

  private static CreateExportRequest.Builder create() {
    return CreateExportRequest.newBuilder();
  }

  private static CreateExportRequest.Builder ada() {
    return create().setUserId(DemoData.ADA.userId());
  }

  private static CreateExportRequest.Builder adaFull() {
    return ada().setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL);
  }

  private static Timestamp ts(String rfc3339) {
    Instant i = Instant.parse(rfc3339);
    return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
  }

  static Stream<Invalid> invalidRequests() {
    String longEmail = "a".repeat(320 - "@acme.example".length() + 1) + "@acme.example";
    String longReason = "r".repeat(1001);
    String ada = DemoData.ADA.userId();
    List<Invalid> cases = new ArrayList<>();
    // who
    cases.add(
        invalid(
            "neither user_id nor email",
            json("scope", FULL),
            create().setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL).build(),
            "user_id"));
    cases.add(
        invalid(
            "user_id and email both empty",
            json("user_id", "", "email", "", "scope", FULL),
            create().setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL).build(),
            "user_id"));
    cases.add(
        invalid(
            "user_id not a UUID",
            json("user_id", "ada-lovelace", "scope", FULL),
            adaFull().setUserId("ada-lovelace").build(),
            "user_id"));
    cases.add(
        invalid(
            "user_id a UUID with junk around it",
            json("user_id", ada + "x", "scope", FULL),
            adaFull().setUserId(ada + "x").build(),
            "user_id"));
    cases.add(
        invalid(
            "email without @",
            json("email", "ada.acme.example", "scope", FULL),
            create()
                .setEmail("ada.acme.example")
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
                .build(),
            "email"));
    cases.add(
        invalid(
            "email with a space",
            json("email", "ada @acme.example", "scope", FULL),
            create()
                .setEmail("ada @acme.example")
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
                .build(),
            "email"));
    cases.add(
        invalid(
            "email over 320 characters",
            json("email", longEmail, "scope", FULL),
            create()
                .setEmail(longEmail)
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
                .build(),
            "email"));
    cases.add(
        invalid(
            "user_id and email of different users",
            json("user_id", ada, "email", DemoData.GRACE.email(), "scope", FULL),
            adaFull().setEmail(DemoData.GRACE.email()).build(),
            "email"));
    cases.add(
        notFound(
            Rpc.CREATE,
            "unknown user_id",
            json("user_id", NOBODY_ID, "scope", FULL),
            adaFull().setUserId(NOBODY_ID).build(),
            "user_id"));
    cases.add(
        notFound(
            Rpc.CREATE,
            "unknown email",
            json("email", "nobody@acme.example", "scope", FULL),
            create()
                .setEmail("nobody@acme.example")
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
                .build(),
            "email"));
    cases.add(
        notFound(
            Rpc.CREATE,
            "user of another enterprise",
            json("user_id", DemoData.OUTSIDER.userId(), "scope", FULL),
            adaFull().setUserId(DemoData.OUTSIDER.userId()).build(),
            "user_id"));
    // scope
    cases.add(invalid("scope missing", json("user_id", ada), ada().build(), "scope"));
    cases.add(
        invalid(
            "scope UNSPECIFIED by name",
            json("user_id", ada, "scope", "ENTERPRISE_EXPORT_SCOPE_UNSPECIFIED"),
            ada().setScopeValue(0).build(),
            "scope"));
    cases.add(
        invalid(
            "scope not one of the six",
            json("user_id", ada, "scope", "ENTERPRISE_EXPORT_SCOPE_BOGUS"),
            ada().setScopeValue(99).build(),
            "scope"));
    // lists that go with a scope
    cases.add(
        invalid(
            "session_ids missing with CUSTOM_SESSION_IDS",
            json("user_id", ada, "scope", CUSTOM),
            ada()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
                .build(),
            "session_ids"));
    cases.add(
        invalid(
            "session_ids empty with CUSTOM_SESSION_IDS",
            json("user_id", ada, "scope", CUSTOM, "session_ids", List.of()),
            null,
            "session_ids"));
    cases.add(
        invalid(
            "session_ids with scope FULL",
            json("user_id", ada, "scope", FULL, "session_ids", List.of(DemoData.ADA_SESSION_PLAN)),
            adaFull().addSessionIds(DemoData.ADA_SESSION_PLAN).build(),
            "session_ids"));
    cases.add(
        mentioning(
            invalid(
                "session_ids naming another user's session",
                json(
                    "user_id",
                    ada,
                    "scope",
                    CUSTOM,
                    "session_ids",
                    List.of(DemoData.ADA_SESSION_PLAN, GRACE_SESSION)),
                ada()
                    .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
                    .addSessionIds(DemoData.ADA_SESSION_PLAN)
                    .addSessionIds(GRACE_SESSION)
                    .build(),
                "session_ids"),
            GRACE_SESSION));
    List<String> tooMany =
        java.util.stream.IntStream.rangeClosed(1, 1001).mapToObj(i -> "ses_" + i).toList();
    cases.add(
        invalid(
            "session_ids over 1000 ids",
            json("user_id", ada, "scope", CUSTOM, "session_ids", tooMany),
            ada()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
                .addAllSessionIds(tooMany)
                .build(),
            "session_ids"));
    cases.add(
        invalid(
            "session_ids holding an empty id",
            json("user_id", ada, "scope", CUSTOM, "session_ids", List.of("")),
            ada()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
                .addSessionIds("")
                .build(),
            "session_ids[0]"));
    cases.add(
        invalid(
            "session_ids id over 128 characters",
            json("user_id", ada, "scope", CUSTOM, "session_ids", List.of("s".repeat(129))),
            ada()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
                .addSessionIds("s".repeat(129))
                .build(),
            "session_ids[0]"));
    cases.add(
        invalid(
            "webdev_project_uids with scope PROJECT",
            json(
                "user_id",
                ada,
                "scope",
                "ENTERPRISE_EXPORT_SCOPE_PROJECT",
                "webdev_project_uids",
                List.of("prj_ada_site")),
            ada()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_PROJECT)
                .addWebdevProjectUids("prj_ada_site")
                .build(),
            "webdev_project_uids"));
    cases.add(
        invalid(
            "project_uids with scope WEBDEV_PROJECT",
            json(
                "user_id",
                ada,
                "scope",
                "ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT",
                "project_uids",
                List.of("prj_ada_site")),
            ada()
                .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT)
                .addProjectUids("prj_ada_site")
                .build(),
            "project_uids"));
    // times
    cases.add(
        invalid(
            "start_time not RFC 3339",
            json("user_id", ada, "scope", FULL, "start_time", "yesterday"),
            adaFull().setStartTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE / 2)).build(),
            "start_time"));
    cases.add(
        invalid(
            "start_time a date without time",
            json("user_id", ada, "scope", FULL, "start_time", "2026-01-05"),
            adaFull().setStartTime(Timestamp.newBuilder().setSeconds(0).setNanos(-1)).build(),
            "start_time"));
    cases.add(
        invalid(
            "end_time not RFC 3339",
            json("user_id", ada, "scope", FULL, "end_time", "2026-13-01T00:00:00Z"),
            adaFull()
                .setEndTime(Timestamp.newBuilder().setSeconds(0).setNanos(1_000_000_000))
                .build(),
            "end_time"));
    cases.add(
        invalid(
            "start_time on a day that does not exist",
            json("user_id", ada, "scope", FULL, "start_time", "2026-02-30T00:00:00Z"),
            null,
            "start_time"));
    cases.add(
        invalid(
            "end_time at hour 24",
            json("user_id", ada, "scope", FULL, "end_time", "2026-01-05T24:00:00Z"),
            null,
            "end_time"));
    cases.add(
        invalid(
            "start_time after end_time",
            json(
                "user_id",
                ada,
                "scope",
                FULL,
                "start_time",
                "2026-02-01T00:00:00Z",
                "end_time",
                "2026-01-31T23:59:59Z"),
            adaFull()
                .setStartTime(ts("2026-02-01T00:00:00Z"))
                .setEndTime(ts("2026-01-31T23:59:59Z"))
                .build(),
            "start_time"));
    // reason
    cases.add(
        invalid(
            "reason whitespace only",
            json("user_id", ada, "scope", FULL, "reason", "   "),
            adaFull().setReason("   ").build(),
            "reason"));
    cases.add(
        invalid(
            "reason empty",
            json("user_id", ada, "scope", FULL, "reason", ""),
            adaFull().setReason("").build(),
            "reason"));
    cases.add(
        invalid(
            "reason over 1000 characters",
            json("user_id", ada, "scope", FULL, "reason", longReason),
            adaFull().setReason(longReason).build(),
            "reason"));
    // JSON itself
    cases.add(invalid("unknown field usr_id", json("usr_id", ada, "scope", FULL), null, "usr_id"));
    cases.add(
        invalid(
            "include_files a string",
            json("user_id", ada, "scope", FULL, "include_files", "yes"),
            null,
            "include_files"));
    cases.add(
        invalid(
            "session_ids a string",
            json("user_id", ada, "scope", CUSTOM, "session_ids", "abc"),
            null,
            "session_ids"));
    cases.add(
        invalid(
            "user_id a number", "{\"user_id\":42,\"scope\":\"" + FULL + "\"}", null, "user_id"));
    cases.add(
        invalid("scope an object", "{\"user_id\":\"" + ada + "\",\"scope\":{}}", null, "scope"));
    cases.add(
        invalid("scope a number", "{\"user_id\":\"" + ada + "\",\"scope\":1.5}", null, "scope"));
    cases.add(
        invalid(
            "start_time a number",
            json("user_id", ada, "scope", FULL, "start_time", 1767600000),
            null,
            "start_time"));
    cases.add(
        body(
            "malformed JSON: unterminated object",
            "{\"user_id\": \"" + ada + "\"",
            new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
    cases.add(
        body("malformed JSON: not JSON at all", "user_id=" + ada, new byte[] {0x0a, 0x05, 'a'}));
    cases.add(
        body(
            "malformed JSON: trailing garbage", json("user_id", ada, "scope", FULL) + " {}", null));
    cases.add(body("JSON array instead of object", "[]", null));
    cases.add(oversize());
    // the other operations' uid
    for (Rpc rpc : List.of(Rpc.GET, Rpc.DOWNLOAD_URL, Rpc.CANCEL, Rpc.LEGAL_HOLD)) {
      Message empty = uidRequest(rpc, "");
      cases.add(invalid(rpc, rpc.connectName + " without uid", "{}", empty, "uid"));
      cases.add(invalid(rpc, rpc.connectName + " with empty uid", json("uid", ""), empty, "uid"));
      cases.add(
          invalid(
              rpc,
              rpc.connectName + " with uid over 128 characters",
              json("uid", "exp_" + "0".repeat(125)),
              uidRequest(rpc, "exp_" + "0".repeat(125)),
              "uid"));
      cases.add(
          invalid(
              rpc,
              rpc.connectName + " with blank uid",
              json("uid", "   "),
              uidRequest(rpc, "   "),
              "uid"));
      cases.add(
          notFound(
              rpc,
              rpc.connectName + " with unknown uid",
              json("uid", "exp_doesnotexist"),
              uidRequest(rpc, "exp_doesnotexist"),
              "uid"));
      cases.add(
          invalid(
              rpc,
              rpc.connectName + " with unknown field",
              json("uid", "exp_doesnotexist", "usr_id", ada),
              null,
              "usr_id"));
    }
    cases.add(
        invalid(
            Rpc.CANCEL,
            "CancelExport with blank reason",
            json("uid", "exp_doesnotexist", "reason", " "),
            CancelExportRequest.newBuilder().setUid("exp_doesnotexist").setReason(" ").build(),
            "reason"));
    cases.add(
        invalid(
            Rpc.CANCEL,
            "CancelExport with reason over 1000 characters",
            json("uid", "exp_doesnotexist", "reason", longReason),
            CancelExportRequest.newBuilder()
                .setUid("exp_doesnotexist")
                .setReason(longReason)
                .build(),
            "reason"));
    cases.add(
        invalid(
            Rpc.LEGAL_HOLD,
            "SetLegalHold with blank reason",
            json("uid", "exp_doesnotexist", "hold", true, "reason", " "),
            SetLegalHoldRequest.newBuilder()
                .setUid("exp_doesnotexist")
                .setHold(true)
                .setReason(" ")
                .build(),
            "reason"));
    cases.add(
        invalid(
            Rpc.LEGAL_HOLD,
            "SetLegalHold with empty reason",
            json("uid", "exp_doesnotexist", "hold", false, "reason", ""),
            SetLegalHoldRequest.newBuilder().setUid("exp_doesnotexist").setReason("").build(),
            "reason"));
    cases.add(
        invalid(
            Rpc.LEGAL_HOLD,
            "SetLegalHold with reason over 1000 characters",
            json("uid", "exp_doesnotexist", "hold", true, "reason", longReason),
            SetLegalHoldRequest.newBuilder()
                .setUid("exp_doesnotexist")
                .setHold(true)
                .setReason(longReason)
                .build(),
            "reason"));
    cases.add(
        invalid(
            Rpc.LEGAL_HOLD,
            "SetLegalHold with hold a string",
            json("uid", "exp_doesnotexist", "hold", "yes"),
            null,
            "hold"));
    return cases.stream();
  }

  private static Invalid body(String name, String json, byte[] proto) {
    return new Invalid(
        name, Rpc.CREATE, utf8(json), proto, 400, "invalid_argument", "request body ", null);
  }

  /** A body one byte over 1 MiB, well-formed in each codec, so only its size is wrong. */
  private static Invalid oversize() {
    int limit = 1 << 20;
    String prefix = "{\"reason\":\"";
    String suffix = "\"}";
    String json = prefix + "x".repeat(limit + 1 - prefix.length() - suffix.length()) + suffix;
    byte[] proto = create().setReason("x".repeat(limit + 1 - 4)).build().toByteArray();
    assertThat(utf8(json)).hasSize(1_048_577);
    assertThat(proto).hasSize(1_048_577);
    return new Invalid(
        "body over 1 MiB",
        Rpc.CREATE,
        utf8(json),
        proto,
        400,
        "invalid_argument",
        "request body ",
        null);
  }

  private static Message uidRequest(Rpc rpc, String uid) {
    return switch (rpc) {
      case GET -> GetExportRequest.newBuilder().setUid(uid).build();
      case DOWNLOAD_URL -> GetDownloadURLRequest.newBuilder().setUid(uid).build();
      case CANCEL -> CancelExportRequest.newBuilder().setUid(uid).build();
      case LEGAL_HOLD -> SetLegalHoldRequest.newBuilder().setUid(uid).setHold(true).build();
      case CREATE -> throw new IllegalArgumentException();
    };
  }

  static Stream<Arguments> invalidCalls() {
    return invalidRequests()
        .flatMap(
            c ->
                Stream.of(Protocol.values())
                    .filter(p -> p != Protocol.CONNECT_PROTO || c.proto() != null)
                    .map(p -> Arguments.of(c, p)));
  }

  @ParameterizedTest(name = "[{index}] {0} via {1}")
  @MethodSource("invalidCalls")
  void anInvalidRequestIsRefusedNamingTheField(Invalid c, Protocol protocol) {
    Reply reply = protocol.call(c.rpc(), c.json(), c.proto());
    assertRefused(reply, protocol, c.status(), c.code(), c.prefix());
    if (c.mentions() != null) {
      assertThat(reply.json().get("message").asString()).contains(c.mentions());
    }
  }

  private static JsonNode assertRefused(
      Reply reply, Protocol protocol, int status, String code, String prefix) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(status);
    assertThat(reply.contentType()).as(reply.text()).startsWith("application/json");
    JsonNode body = reply.json();
    assertThat(body.get("code").asString()).as(reply.text()).isEqualTo(code);
    assertThat(body.get("message").asString()).as(reply.text()).startsWith(prefix);
    if (protocol == Protocol.V2_JSON) {
      assertThat(body.get("ok").asBoolean()).isFalse();
      assertThat(body.get("request_id").asString()).startsWith("req_");
    } else {
      assertThat(body.has("ok")).as(reply.text()).isFalse();
    }
    return body;
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anotherEnterprisesUserIsIndistinguishableFromNobody(Protocol protocol) {
    CreateExportRequest outsider = adaFull().setUserId(DemoData.OUTSIDER.userId()).build();
    CreateExportRequest nobody = adaFull().setUserId(NOBODY_ID).build();
    Reply a =
        protocol.call(
            Rpc.CREATE,
            utf8(json("user_id", outsider.getUserId(), "scope", FULL)),
            outsider.toByteArray());
    Reply b =
        protocol.call(
            Rpc.CREATE, utf8(json("user_id", NOBODY_ID, "scope", FULL)), nobody.toByteArray());
    JsonNode outsiderBody = assertRefused(a, protocol, 404, "not_found", "user_id: ");
    JsonNode nobodyBody = assertRefused(b, protocol, 404, "not_found", "user_id: ");
    assertThat(outsiderBody.get("message").asString())
        .isEqualTo(nobodyBody.get("message").asString());

    CreateExportRequest outsiderByEmail =
        create()
            .setEmail(DemoData.OUTSIDER.email())
            .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
            .build();
    CreateExportRequest nobodyByEmail =
        create()
            .setEmail("nobody@globex.example")
            .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
            .build();
    Reply c =
        protocol.call(
            Rpc.CREATE,
            utf8(json("email", outsiderByEmail.getEmail(), "scope", FULL)),
            outsiderByEmail.toByteArray());
    Reply d =
        protocol.call(
            Rpc.CREATE,
            utf8(json("email", nobodyByEmail.getEmail(), "scope", FULL)),
            nobodyByEmail.toByteArray());
    assertThat(assertRefused(c, protocol, 404, "not_found", "email: ").get("message").asString())
        .isEqualTo(
            assertRefused(d, protocol, 404, "not_found", "email: ").get("message").asString());
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aDeletedFormerMemberIsAccepted(Protocol protocol) {
    CreateExportRequest request =
        create()
            .setUserId(DemoData.LINUS.userId())
            .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
            .build();
    Reply reply =
        protocol.call(
            Rpc.CREATE,
            utf8(json("user_id", DemoData.LINUS.userId(), "scope", FULL)),
            request.toByteArray());
    assertCreatedFor(reply, protocol, DemoData.LINUS.userId());
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anEmailInAnotherCaseIsAccepted(Protocol protocol) {
    String shouted = "ADA@Acme.EXAMPLE";
    CreateExportRequest byEmail =
        create()
            .setEmail(shouted)
            .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS)
            .build();
    assertCreatedFor(
        protocol.call(
            Rpc.CREATE,
            utf8(json("email", shouted, "scope", "ENTERPRISE_EXPORT_SCOPE_TASKS")),
            byEmail.toByteArray()),
        protocol,
        DemoData.ADA.userId());

    String upperId = DemoData.ADA.userId().toUpperCase();
    CreateExportRequest both = byEmail.toBuilder().setUserId(upperId).build();
    assertCreatedFor(
        protocol.call(
            Rpc.CREATE,
            utf8(
                json(
                    "user_id",
                    upperId,
                    "email",
                    shouted,
                    "scope",
                    "ENTERPRISE_EXPORT_SCOPE_TASKS")),
            both.toByteArray()),
        protocol,
        DemoData.ADA.userId());
  }

  /** A new export of the user was created; returns once it has completed. */
  private static void assertCreatedFor(Reply reply, Protocol protocol, String userId) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    String uid;
    if (protocol == Protocol.CONNECT_PROTO) {
      assertThat(reply.contentType()).startsWith("application/proto");
      CreateExportResponse response = parseCreated(reply);
      assertThat(response.getUserId()).isEqualTo(userId);
      assertThat(response.getEnterpriseUid()).isEqualTo(DemoData.ENTERPRISE_UID);
      assertThat(response.getStatus()).isEqualTo(ExportStatus.EXPORT_STATUS_PENDING);
      assertThat(response.getDeduped()).isFalse();
      uid = response.getUid();
    } else {
      JsonNode body = reply.json();
      assertThat(body.get("user_id").asString()).isEqualTo(userId);
      assertThat(body.get("enterprise_uid").asString()).isEqualTo(DemoData.ENTERPRISE_UID);
      assertThat(body.get("status").asString()).isEqualTo("EXPORT_STATUS_PENDING");
      if (protocol == Protocol.V2_JSON) {
        assertThat(body.get("deduped").asBoolean()).as(reply.text()).isFalse();
      } else {
        assertThat(body.has("deduped")).as("false is left out by Connect JSON").isFalse();
      }
      uid = body.get("uid").asString();
    }
    assertThat(uid).startsWith("exp_");
    awaitCompleted(uid);
  }

  /** Waits for the export to complete, so its user has no export pending or processing. */
  private static JsonNode awaitCompleted(String uid) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> detail(uid),
            record -> record.get("status").asString().equals("EXPORT_STATUS_COMPLETED"));
  }

  @Test
  void includeDeletedDefaultsToFalseAndIncludeFilesToTrue() {
    Answer created =
        api.post(
            "enterprise.export.create", json("user_id", DemoData.GRACE.userId(), "scope", FULL));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    JsonNode record = awaitCompleted(created.body().get("uid").asString());
    assertThat(record.get("include_deleted").asBoolean()).isFalse();
    assertThat(record.get("include_files").asBoolean()).isTrue();

    Answer explicit =
        api.post(
            "enterprise.export.create",
            json(
                "user_id",
                DemoData.GRACE.userId(),
                "scope",
                FULL,
                "include_deleted",
                true,
                "include_files",
                false));
    assertThat(explicit.status()).as(explicit.body().toString()).isEqualTo(200);
    JsonNode explicitRecord = awaitCompleted(explicit.body().get("uid").asString());
    assertThat(explicitRecord.get("include_deleted").asBoolean()).isTrue();
    assertThat(explicitRecord.get("include_files").asBoolean()).isFalse();

    CreateExportRequest binary =
        create()
            .setUserId(DemoData.GRACE.userId())
            .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
            .build();
    Reply viaProto = Protocol.CONNECT_PROTO.call(Rpc.CREATE, null, binary.toByteArray());
    assertThat(viaProto.status()).as(viaProto.text()).isEqualTo(200);
    // the same request as the first, which has ended: a new export, not that one again
    assertThat(parseCreated(viaProto).getDeduped()).isFalse();
    assertThat(parseCreated(viaProto).getUid()).isNotEqualTo(created.body().get("uid").asString());
    JsonNode protoRecord = awaitCompleted(parseCreated(viaProto).getUid());
    assertThat(protoRecord.get("include_deleted").asBoolean()).isFalse();
    assertThat(protoRecord.get("include_files").asBoolean()).isTrue();
  }

  private static CreateExportResponse parseCreated(Reply reply) {
    try {
      return CreateExportResponse.parseFrom(reply.body());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode detail(String uid) {
    Answer answer = api.post("enterprise.export.detail", json("uid", uid));
    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
    return answer.body().get("record");
  }

  static Stream<Arguments> badKeys() {
    return Stream.of(Protocol.values())
        .flatMap(
            p ->
                Stream.of(
                    Arguments.of(p, null),
                    Arguments.of(p, ""),
                    Arguments.of(p, "dek_bogus_0123456789abcdef")));
  }

  @ParameterizedTest(name = "[{index}] {0} with key {1}")
  @MethodSource("badKeys")
  void aMissingOrInvalidApiKeyIsUnauthenticated(Protocol protocol, String key) {
    CreateExportRequest request = adaFull().build();
    Reply reply =
        switch (protocol) {
          case V2_JSON ->
              wire.post(
                  "/v2/enterprise.export.create",
                  "application/json",
                  utf8(json("user_id", DemoData.ADA.userId(), "scope", FULL)),
                  key);
          case CONNECT_JSON ->
              wire.post(
                  RpcWire.CONNECT_PATH + "CreateExport",
                  "application/json",
                  utf8(json("user_id", DemoData.ADA.userId(), "scope", FULL)),
                  key);
          case CONNECT_PROTO ->
              wire.post(
                  RpcWire.CONNECT_PATH + "CreateExport",
                  "application/proto",
                  request.toByteArray(),
                  key);
        };
    assertThat(reply.status()).as(reply.text()).isEqualTo(401);
    JsonNode body = reply.json();
    assertThat(body.get("code").asString()).isEqualTo("unauthenticated");
    assertThat(body.get("message").asString()).isNotBlank().doesNotContain(stack.facts().apiKey());
  }

  @Test
  void anUnsupportedContentTypeIsRefused() {
    byte[] body = utf8(json("user_id", DemoData.ADA.userId(), "scope", FULL));
    for (String type :
        List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
      // /v2 speaks JSON only: invalid_argument naming the header.
      Reply v2 = wire.v2("enterprise.export.create", type, body);
      assertRefused(v2, Protocol.V2_JSON, 400, "invalid_argument", "Content-Type: ");
      // Connect answers an unsupported codec with 415 Unsupported Media Type and says what it
      // takes.
      Reply connect = wire.connect("CreateExport", type, body);
      assertThat(connect.status()).as(connect.text()).isEqualTo(415);
      JsonNode error = connect.json();
      assertThat(error.get("code").asString()).isEqualTo("invalid_argument");
      assertThat(error.get("message").asString()).startsWith("Content-Type: ");
    }
  }

  /**
   * A job as the gateway stores it, left PENDING with no event behind it: the worker never sees it.
   */
  private static String insertPendingJob(String userId) {
    return insertPendingJob(userId, DemoData.ENTERPRISE_UID);
  }

  private static String insertPendingJob(String userId, String enterpriseUid) {
    return StoredJobs.insertPending(stack.facts(), enterpriseUid, userId, Instant.now());
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aDownloadLinkOfAPendingThenCancelledExportIsAFailedPrecondition(Protocol protocol) {
    String uid = insertPendingJob(DemoData.GRACE.userId());
    byte[] jsonUid = utf8(json("uid", uid));
    byte[] protoUid = GetDownloadURLRequest.newBuilder().setUid(uid).build().toByteArray();

    JsonNode pending =
        assertRefused(
            protocol.call(Rpc.DOWNLOAD_URL, jsonUid, protoUid),
            protocol,
            400,
            "failed_precondition",
            "uid: ");
    assertThat(pending.get("message").asString()).contains("EXPORT_STATUS_PENDING");
    assertLegalHoldRefusedNaming(protocol, uid, "EXPORT_STATUS_PENDING");

    Reply cancelled =
        protocol.call(
            Rpc.CANCEL,
            jsonUid,
            CancelExportRequest.newBuilder().setUid(uid).build().toByteArray());
    assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
    assertThat(detail(uid).get("status").asString()).isEqualTo("EXPORT_STATUS_CANCELLED");

    JsonNode refused =
        assertRefused(
            protocol.call(Rpc.DOWNLOAD_URL, jsonUid, protoUid),
            protocol,
            400,
            "failed_precondition",
            "uid: ");
    assertThat(refused.get("message").asString()).contains("EXPORT_STATUS_CANCELLED");
    assertLegalHoldRefusedNaming(protocol, uid, "EXPORT_STATUS_CANCELLED");
    // and a cancelled export cannot be cancelled again
    assertRefused(
        protocol.call(
            Rpc.CANCEL,
            jsonUid,
            CancelExportRequest.newBuilder().setUid(uid).build().toByteArray()),
        protocol,
        400,
        "failed_precondition",
        "uid: ");
  }

  @Test
  void aFreshExportCancelledThroughTheApiHasNoDownloadLink() {
    // Another export of the user holds their one processing slot, so the new one stays PENDING
    // until the cancel: no race with the worker.
    String blocker =
        StoredJobs.insertProcessing(
            stack.facts(), DemoData.ENTERPRISE_UID, DemoData.LINUS.userId());
    try {
      assertThat(StoredJobs.statusOf(stack.facts(), blocker))
          .as("the blocker holds the user's slot (the user had no other export waiting)")
          .isEqualTo(ExportStatus.EXPORT_STATUS_PROCESSING);
      Answer created =
          api.post(
              "enterprise.export.create",
              json("user_id", DemoData.LINUS.userId(), "scope", "ENTERPRISE_EXPORT_SCOPE_TASKS"));
      assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
      String uid = created.body().get("uid").asString();

      Answer cancel =
          api.post("enterprise.export.cancel", json("uid", uid, "reason", "changed my mind"));
      assertThat(cancel.status()).as(cancel.body().toString()).isEqualTo(200);
      assertThat(cancel.body().get("record").get("status").asString())
          .isEqualTo("EXPORT_STATUS_CANCELLED");

      Answer link = api.post("enterprise.export.downloadUrl", json("uid", uid));
      assertThat(link.status()).isEqualTo(400);
      assertThat(link.body().get("code").asString()).isEqualTo("failed_precondition");
      assertThat(link.body().get("message").asString())
          .startsWith("uid: ")
          .contains("EXPORT_STATUS_CANCELLED");
      assertThat(detail(uid).get("file_url").asString()).isEmpty();
    } finally {
      StoredJobs.release(stack.facts(), blocker);
    }
  }

  @Test
  void theRefusalsAreTheSameOverBothProtocols() {
    // A spot check that one rule yields one message, whichever protocol carried it.
    String body =
        json(
            "user_id",
            DemoData.ADA.userId(),
            "scope",
            FULL,
            "start_time",
            "2026-02-01T00:00:00Z",
            "end_time",
            "2026-01-01T00:00:00Z");
    Map<Protocol, String> messages = new java.util.EnumMap<>(Protocol.class);
    CreateExportRequest proto =
        adaFull()
            .setStartTime(ts("2026-02-01T00:00:00Z"))
            .setEndTime(ts("2026-01-01T00:00:00Z"))
            .build();
    for (Protocol p : Protocol.values()) {
      messages.put(
          p, p.call(Rpc.CREATE, utf8(body), proto.toByteArray()).json().get("message").asString());
    }
    assertThat(messages.values()).containsOnly("start_time: must not be after end_time");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void theLimitsThemselvesAreAllowed(Protocol protocol) {
    // An email of exactly 320 characters passes the length rule: it is then simply nobody's.
    String email = "a".repeat(320 - "@acme.example".length()) + "@acme.example";
    assertThat(email).hasSize(320);
    CreateExportRequest byEmail =
        create()
            .setEmail(email)
            .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)
            .build();
    assertRefused(
        protocol.call(Rpc.CREATE, utf8(json("email", email, "scope", FULL)), byEmail.toByteArray()),
        protocol,
        404,
        "not_found",
        "email: ");

    // A reason of exactly 1000 characters is accepted, counted as characters, not UTF-16 units.
    for (String reason : List.of("r".repeat(1000), "\uD83D\uDCE6".repeat(1000))) {
      CreateExportRequest request =
          create()
              .setUserId(DemoData.LINUS.userId())
              .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS)
              .setReason(reason)
              .build();
      assertCreatedFor(
          protocol.call(
              Rpc.CREATE,
              utf8(
                  json(
                      "user_id",
                      DemoData.LINUS.userId(),
                      "scope",
                      "ENTERPRISE_EXPORT_SCOPE_TASKS",
                      "reason",
                      reason)),
              request.toByteArray()),
          protocol,
          DemoData.LINUS.userId());
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anotherEnterprisesExportIsIndistinguishableFromNone(Protocol protocol) {
    String foreign = insertPendingJob(DemoData.OUTSIDER.userId(), DemoData.OTHER_ENTERPRISE_UID);
    for (Rpc rpc : List.of(Rpc.GET, Rpc.DOWNLOAD_URL, Rpc.CANCEL, Rpc.LEGAL_HOLD)) {
      JsonNode theirs =
          assertRefused(
              protocol.call(
                  rpc, utf8(json("uid", foreign)), uidRequest(rpc, foreign).toByteArray()),
              protocol,
              404,
              "not_found",
              "uid: ");
      JsonNode none =
          assertRefused(
              protocol.call(
                  rpc,
                  utf8(json("uid", "exp_doesnotexist")),
                  uidRequest(rpc, "exp_doesnotexist").toByteArray()),
              protocol,
              404,
              "not_found",
              "uid: ");
      assertThat(theirs.get("message").asString()).isEqualTo(none.get("message").asString());
    }
    // and the refused cancel left it alone
    assertThat(StoredJobs.statusOf(stack.facts(), foreign))
        .isEqualTo(ExportStatus.EXPORT_STATUS_PENDING);
  }

  @Test
  void connectJsonAcceptsProto3CamelCaseNames() {
    Reply reply =
        wire.connect(
            "CreateExport",
            "application/json",
            utf8(json("userId", DemoData.GRACE.userId(), "scope", FULL, "includeFiles", false)));
    assertCreatedFor(reply, Protocol.CONNECT_JSON, DemoData.GRACE.userId());
    assertThat(detail(reply.json().get("uid").asString()).get("include_files").asBoolean())
        .isFalse();
  }

  // ---- SetLegalHold: the rules that need an export in a given state, or another role ----

  private static String completedExport;

  /** One completed export of Ada's, shared by the legal hold tests, which leave it unheld. */
  private static String completedExport() {
    if (completedExport == null) {
      Answer created =
          api.post(
              "enterprise.export.create",
              json("user_id", DemoData.ADA.userId(), "scope", FULL, "reason", "held in tests"));
      assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
      completedExport = created.body().get("uid").asString();
      awaitCompleted(completedExport);
    }
    return completedExport;
  }

  private static Reply legalHold(Protocol protocol, String apiKey, String uid, boolean hold) {
    return legalHold(protocol, apiKey, uid, hold, null);
  }

  private static Reply legalHold(
      Protocol protocol, String apiKey, String uid, boolean hold, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("uid", uid);
    body.put("hold", hold);
    SetLegalHoldRequest.Builder proto = SetLegalHoldRequest.newBuilder().setUid(uid).setHold(hold);
    if (reason != null) {
      body.put("reason", reason);
      proto.setReason(reason);
    }
    Object[] keyValues =
        body.entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())).toArray();
    return protocol.call(
        Rpc.LEGAL_HOLD, utf8(json(keyValues)), proto.build().toByteArray(), apiKey, Map.of());
  }

  /** The record's legal_hold in a SetLegalHold answer of any protocol. */
  private static boolean heldIn(Reply reply, Protocol protocol) {
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    if (protocol == Protocol.CONNECT_PROTO) {
      try {
        return io.dataexport.api.v1.SetLegalHoldResponse.parseFrom(reply.body())
            .getRecord()
            .getLegalHold();
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }
    JsonNode record = reply.json().get("record");
    if (protocol == Protocol.V2_JSON) {
      assertThat(record.has("legal_hold")).as("/v2 prints every field").isTrue();
    }
    // Connect JSON leaves out false, proto3 JSON's default
    return record.has("legal_hold") && record.get("legal_hold").asBoolean();
  }

  private static void assertLegalHoldRefusedNaming(Protocol protocol, String uid, String status) {
    for (boolean hold : List.of(true, false)) {
      JsonNode refused =
          assertRefused(
              legalHold(protocol, stack.facts().apiKey(), uid, hold),
              protocol,
              400,
              "failed_precondition",
              "uid: ");
      assertThat(refused.get("message").asString()).contains(status);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aLegalHoldOnAFailedExportIsAFailedPrecondition(Protocol protocol) {
    String uid =
        StoredJobs.insertFailed(
            stack.facts(), DemoData.ENTERPRISE_UID, DemoData.GRACE.userId(), Instant.now());
    assertLegalHoldRefusedNaming(protocol, uid, "EXPORT_STATUS_FAILED");
    assertThat(detail(uid).get("legal_hold").asBoolean()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anAuditorCannotSetOrReleaseALegalHold(Protocol protocol) {
    String uid = completedExport();
    for (boolean hold : List.of(true, false)) {
      JsonNode refused =
          assertRefused(
              legalHold(protocol, auditorKey, uid, hold, "auditor tries"),
              protocol,
              403,
              "permission_denied",
              "");
      assertThat(refused.get("message").asString()).contains("AUDITOR");
    }
    assertThat(detail(uid).get("legal_hold").asBoolean()).isFalse();
    // the auditor may still read it
    Reply read =
        protocol.call(
            Rpc.GET,
            utf8(json("uid", uid)),
            GetExportRequest.newBuilder().setUid(uid).build().toByteArray(),
            auditorKey,
            Map.of());
    assertThat(read.status()).as(read.text()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aLegalHoldReasonAtTheLimitIsAcceptedAndTheHoldCanBeReleased(Protocol protocol) {
    String uid = completedExport();
    // 1000 characters, counted as characters, not UTF-16 units
    assertThat(
            heldIn(
                legalHold(protocol, stack.facts().apiKey(), uid, true, "r".repeat(1000)), protocol))
        .isTrue();
    assertThat(detail(uid).get("legal_hold").asBoolean()).isTrue();
    assertThat(
            heldIn(
                legalHold(
                    protocol, stack.facts().apiKey(), uid, false, "\uD83D\uDCE6".repeat(1000)),
                protocol))
        .isFalse();
    assertThat(detail(uid).get("legal_hold").asBoolean()).isFalse();
  }

  // ---- the Idempotency-Key header ----

  /** An Idempotency-Key header the gateway refuses, whatever the request. */
  record InvalidKey(String name, String key) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> invalidIdempotencyKeys() {
    List<InvalidKey> keys =
        List.of(
            new InvalidKey("Idempotency-Key empty", ""),
            // HTTP drops a header value's surrounding whitespace: this one arrives empty
            new InvalidKey("Idempotency-Key of spaces only", "   "),
            new InvalidKey("Idempotency-Key over 255 characters", "k".repeat(256)),
            new InvalidKey("Idempotency-Key with a space", "two words"),
            new InvalidKey("Idempotency-Key with a tab", "tab\tkey"),
            new InvalidKey("Idempotency-Key not ASCII", "cl\u00e9-42"),
            new InvalidKey("Idempotency-Key an emoji", "\uD83D\uDD11"));
    return keys.stream().flatMap(k -> Stream.of(Protocol.values()).map(p -> Arguments.of(k, p)));
  }

  @ParameterizedTest(name = "[{index}] {0} via {1}")
  @MethodSource("invalidIdempotencyKeys")
  void anInvalidIdempotencyKeyIsRefusedNamingTheHeader(InvalidKey c, Protocol protocol) {
    CreateExportRequest request =
        create()
            .setUserId(DemoData.GRACE.userId())
            .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS)
            .build();
    Reply reply =
        protocol.call(
            Rpc.CREATE,
            utf8(
                json("user_id", DemoData.GRACE.userId(), "scope", "ENTERPRISE_EXPORT_SCOPE_TASKS")),
            request.toByteArray(),
            stack.facts().apiKey(),
            Map.of("Idempotency-Key", c.key()));
    assertRefused(reply, protocol, 400, "invalid_argument", "Idempotency-Key: ");
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void anIdempotencyKeyOfExactly255PrintableCharactersIsAccepted(Protocol protocol) {
    String key = UUID.randomUUID() + "!~#$%&'*+-.^_`|";
    key = key + "k".repeat(255 - key.length());
    assertThat(key).hasSize(255);
    CreateExportRequest request =
        create()
            .setUserId(DemoData.ADA.userId())
            .setScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS)
            .build();
    assertCreatedFor(
        protocol.call(
            Rpc.CREATE,
            utf8(json("user_id", DemoData.ADA.userId(), "scope", "ENTERPRISE_EXPORT_SCOPE_TASKS")),
            request.toByteArray(),
            stack.facts().apiKey(),
            Map.of("Idempotency-Key", key)),
        protocol,
        DemoData.ADA.userId());
  }
}
