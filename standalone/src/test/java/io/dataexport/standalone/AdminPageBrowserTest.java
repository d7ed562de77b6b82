package io.dataexport.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.gateway.auth.ApiKeyStore;
import io.dataexport.gateway.auth.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin page in a real headless Chromium against the embedded stack: the node:test suite in
 * {@code clients/admin-browser} drives the system's Chromium with playwright-core (sign in, find a
 * member, preview, pick a session, create, follow, download, cancel, the auditor's view, errors, a
 * narrow screen; the Data & Export view's workspace export, started, followed, its manifest checked
 * against the demo data's members); then the archive and the workspace export the browser
 * downloaded are opened here. Needs Node 20+, npm and a Chromium ({@code CHROMIUM}, or {@code
 * chromium} on the PATH; {@code .ci/run} installs Debian's); skipped, saying so, only when no
 * Chromium is found. Screenshots go to {@code target/admin-screenshots}, or where {@code
 * -Dadmin.screenshots} says (docs/admin for the README).
 */
// npm ci and npm test run inside the test, each under its own limit (Npm: 10 and 5 minutes), past
// the suite's default of 3 minutes when the registry is slow
@Timeout(value = 16, unit = TimeUnit.MINUTES)
class AdminPageBrowserTest {

  private static final Path CLIENT_DIR =
      Path.of("..", "clients", "admin-browser").toAbsolutePath().normalize();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A member whose export writes thousands of sessions: long enough to cancel from the page. */
  private static final String BIG_MEMBER_ID = "6f1c2a7e-0b7d-4c1e-9a53-1d2f3e4a5b42";

  private static final String BIG_MEMBER_NAME = "Bulky Archivist";

  @TempDir static Path data;
  @TempDir static Path downloads;
  private static EmbeddedStack stack;
  private static String auditorKey;
  private static long memberCount;

  @BeforeAll
  static void startStack() throws IOException {
    // CI installs Chromium (.ci/run): there a missing browser is a failure, not a skip.
    if ("true".equals(System.getenv("CI"))) {
      assertThat(chromium()).as("Chromium, which .ci/run installs").isPresent();
    }
    assumeTrue(chromium().isPresent(), "no Chromium found (set CHROMIUM or put chromium on PATH)");
    stack = EmbeddedStack.start(new StackSettings(data, 0, 0, 0, 0));
    try (MongoClient client = MongoClients.create(stack.facts().mongodbUri())) {
      MongoDatabase db = client.getDatabase(stack.facts().mongodbDatabase());
      auditorKey =
          new ApiKeyStore(db)
              .issue(DemoData.ENTERPRISE_UID, Role.AUDITOR, "browser auditor", Instant.now())
              .apiKey();
      seedBigMember(db);
      // Current and former members of the demo enterprise, the big member included: what its
      // workspace export's manifest must count.
      memberCount =
          db.getCollection(CatalogCollections.USERS)
              .countDocuments(
                  Filters.eq("enterprise_memberships.enterprise_uid", DemoData.ENTERPRISE_UID));
      // The enterprise asks a reason of every export, so the page's start without one is refused.
      db.getCollection(CatalogCollections.ENTERPRISES)
          .updateOne(
              Filters.eq("_id", DemoData.ENTERPRISE_UID), Updates.set("require_reason", true));
    }
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void theAdminPageWorksInAHeadlessChromium() throws Exception {
    Path screenshots =
        Path.of(System.getProperty("admin.screenshots", "target/admin-screenshots"))
            .toAbsolutePath();
    Files.createDirectories(screenshots);
    if (!Files.isDirectory(CLIENT_DIR.resolve("node_modules").resolve("playwright-core"))) {
      assertThat(Npm.run(CLIENT_DIR, List.of("ci", "--no-audit", "--no-fund"), Map.of(), 10))
          .as("npm ci")
          .isZero();
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("BASE_URL", stack.facts().baseUrl());
    env.put("ADMIN_KEY", stack.facts().apiKey());
    env.put("AUDITOR_KEY", auditorKey);
    env.put("CHROMIUM", chromium().orElseThrow().toString());
    env.put("DOWNLOAD_DIR", downloads.toString());
    env.put("SCREENSHOT_DIR", screenshots.toString());
    env.put("MEMBER_QUERY", DemoData.ADA.name().split(" ")[1].toLowerCase(Locale.ROOT));
    env.put("MEMBER_NAME", DemoData.ADA.name());
    env.put("DELETED_QUERY", DemoData.LINUS.email().substring(0, 5));
    env.put("SESSION_TITLE", "Launch plan");
    env.put("SESSION_ID", DemoData.ADA_SESSION_PLAN);
    env.put("DELETED_SESSION_TITLE", "Deleted draft");
    env.put("BIG_MEMBER_QUERY", BIG_MEMBER_NAME);
    env.put("MEMBER_COUNT", Long.toString(memberCount));

    assertThat(Npm.run(CLIENT_DIR, List.of("test"), env, 10))
        .as("npm test in " + CLIENT_DIR)
        .isZero();

    Map<String, byte[]> archive = unzip(downloads.resolve("custom-export.zip"));
    JsonNode manifest = JSON.readTree(archive.get("manifest.json"));
    assertThat(manifest.get("user_id").asString()).isEqualTo(DemoData.ADA.userId());
    JsonNode request = manifest.get("request");
    assertThat(request.get("scope").asString())
        .isEqualTo("ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS");
    assertThat(request.get("reason").asString()).isEqualTo("browser test: custom export");
    List<String> sessionIds = new ArrayList<>();
    JSON.readTree(archive.get("session_info.json"))
        .forEach(s -> sessionIds.add(s.get("_id").asString()));
    assertThat(sessionIds).as("the one session picked").containsExactly(DemoData.ADA_SESSION_PLAN);
    assertThat(archive.keySet())
        .anyMatch(name -> name.startsWith("files/" + DemoData.ADA_SESSION_PLAN + "/"))
        .noneMatch(name -> name.startsWith("files/" + DemoData.ADA_SESSION_NOTES + "/"));

    assertWorkspaceExport(downloads.resolve("workspace-export.json"));
  }

  /**
   * The workspace export the browser saved from the Data & Export view: one JSON document that
   * leads with its coverage manifest, whose counts are those of the sections that follow, with
   * every member and no secret.
   */
  private static void assertWorkspaceExport(Path file) throws IOException {
    assertThat(file).as("the workspace export the browser saved").exists();
    String text = Files.readString(file);
    assertThat(text).as("leads with the manifest").matches("(?s)\\s*\\{\\s*\"manifest\"\\s*:.*");
    assertThat(text).as("no secret").doesNotContain(DemoData.SEEDED_SECRET);
    JsonNode document = JSON.readTree(text);
    JsonNode sections = document.get("manifest").get("sections");
    List<String> names = new ArrayList<>();
    for (JsonNode section : sections) {
      String name = section.get("name").asString();
      names.add(name);
      JsonNode records = document.get(name);
      assertThat(records).as("section " + name + " follows the manifest").isNotNull();
      if (records.isArray() && !section.get("capped").asBoolean()) {
        assertThat(records.size())
            .as("records of " + name + " as the manifest counts them")
            .isEqualTo(section.get("recordCount").asInt());
      }
    }
    assertThat(names)
        .contains(
            "enterprise",
            "members",
            "teams",
            "team_memberships",
            "projects",
            "api_keys",
            "exports",
            "member_data");
    assertThat(document.get("members").size()).as("every member").isEqualTo(memberCount);
  }

  /** Thousands of sessions with conversations: an export of several seconds. */
  private static void seedBigMember(MongoDatabase db) {
    Instant joined = Instant.parse("2026-01-05T09:00:00Z");
    db.getCollection(CatalogCollections.USERS)
        .insertOne(
            new Document("_id", BIG_MEMBER_ID)
                .append("email", "bulky@acme.example")
                .append("name", BIG_MEMBER_NAME)
                .append("deleted", false)
                .append(
                    "enterprise_memberships",
                    List.of(
                        new Document("enterprise_uid", DemoData.ENTERPRISE_UID)
                            .append("role", "member")
                            .append("joined_at", Date.from(joined)))));
    String text = "archive ".repeat(40);
    List<Document> batch = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      List<Document> events = new ArrayList<>();
      for (int e = 0; e < 10; e++) {
        events.add(
            new Document("type", "user_message")
                .append("at", Date.from(joined.plusSeconds(i)))
                .append("text", text));
      }
      batch.add(
          new Document("_id", "ses_bulky_" + i)
              .append("user_id", BIG_MEMBER_ID)
              .append("title", "Bulky session " + i)
              .append("created_at", Date.from(joined.plusSeconds(i)))
              .append("deleted", false)
              .append("events", events));
      if (batch.size() == 500) {
        db.getCollection(CatalogCollections.SESSIONS).insertMany(batch);
        batch.clear();
      }
    }
  }

  /** CHROMIUM, else the first Chromium on the PATH. */
  private static Optional<Path> chromium() {
    String configured = System.getenv("CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(pathVariable.split(java.io.File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .flatMap(
            dir ->
                Stream.of("chromium", "chromium-browser", "google-chrome")
                    .map(name -> Path.of(dir, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static Map<String, byte[]> unzip(Path zip) throws IOException {
    assertThat(zip).as("the archive the browser downloaded").exists();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entriesIn = new ZipInputStream(in)) {
      ZipEntry entry;
      while ((entry = entriesIn.getNextEntry()) != null) {
        entries.put(entry.getName(), entriesIn.readAllBytes());
      }
    }
    return entries;
  }
}
