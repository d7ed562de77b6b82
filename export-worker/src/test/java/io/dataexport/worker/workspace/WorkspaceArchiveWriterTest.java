package io.dataexport.worker.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobStore.CreateOptions;
import io.dataexport.export.JobEvents;
import io.dataexport.export.mongo.MongoExportJobStore;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.mongo.ServiceCollections;
import io.dataexport.outbox.OutboxListener;
import io.dataexport.worker.archive.WriteProgress;
import io.dataexport.worker.source.UserDataReader;
import io.dataexport.worker.source.bucket.fs.FilesystemSourceBucket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workspace archive against the MongoDB-wire server: one JSON document that leads with its
 * manifest, holds only the enterprise's own records, lets no secret out at any depth, says where a
 * cap cut a section, and leaves no spool behind.
 */
class WorkspaceArchiveWriterTest {

  private static final String ENTERPRISE = "ent_ws";
  private static final String OTHER = "ent_other";
  private static final String CANARY = "canary-secret-0000";
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  @TempDir Path spool;
  @TempDir Path files;

  private MongoDatabase db;
  private MongoExportJobStore jobs;
  private ExportJob workspaceJob;

  @BeforeEach
  void setUp() {
    db = mongo.freshDatabase();
    jobs = new MongoExportJobStore(db, new JobEvents("/dataexport/test"), OutboxListener.NONE);
    jobs.createIndexes();
    db.getCollection(CatalogCollections.ENTERPRISES)
        .insertOne(
            new Document("_id", ENTERPRISE)
                .append("name", "Workspace Inc")
                .append("tier", "business")
                .append("sso_client_secret", CANARY));
    member("usr_a", "a@ws.io", ENTERPRISE, null);
    member("usr_b", "b@ws.io", ENTERPRISE, T0.plusSeconds(60)); // a former member
    member("usr_c", "c@other.io", OTHER, null);
    for (int i = 0; i < 5; i++) {
      tagged(CatalogCollections.TEAMS, "team_" + i, ENTERPRISE, "name", "Team " + i);
    }
    tagged(CatalogCollections.TEAMS, "team_theirs", OTHER, "name", "Not ours");
    db.getCollection(ServiceCollections.API_KEYS)
        .insertOne(
            new Document("_id", "key1")
                .append("enterprise_uid", ENTERPRISE)
                .append("name", "ci")
                .append("role", "ADMIN")
                .append("secret_sha256", CANARY)
                .append("created_at", Date.from(T0)));
    db.getCollection("projects")
        .insertOne(
            new Document("_id", "prj_1")
                .append("enterprise_uid", ENTERPRISE)
                .append("user_id", "usr_a")
                .append("name", "Launch")
                .append("kind", "webdev")
                .append("credentials", new Document("token", CANARY))
                .append("created_at", Date.from(T0)));
    db.getCollection(CatalogCollections.SESSIONS)
        .insertOne(
            new Document("_id", "ses_a")
                .append("user_id", "usr_a")
                .append("enterprise_uid", ENTERPRISE)
                .append("title", "mine")
                .append("created_at", Date.from(T0)));
    workspaceJob = ExportJob.pendingWorkspace("exp_ws1", ENTERPRISE, "audit", "key1", "req_1", T0);
    jobs.create(workspaceJob, new CreateOptions(null, 1));
  }

  @Test
  void theDocumentLeadsWithItsManifestAndHoldsOnlyTheEnterprisesOwnRecords() throws IOException {
    AtomicInteger records = new AtomicInteger();
    JsonNode document = JSON.readTree(write(writer(100), records));

    assertThat(document.propertyNames().iterator().next()).isEqualTo("manifest");
    JsonNode manifest = document.get("manifest");
    assertThat(manifest.get("exportId").asString()).isEqualTo("exp_ws1");
    assertThat(manifest.get("generatedAt").asString()).isEqualTo("2026-03-01T12:00:00Z");
    assertThat(coverage(manifest, "members").get("recordCount").asInt()).isEqualTo(2);
    assertThat(document.get("members").findValuesAsString("user_id"))
        .containsExactly("usr_a", "usr_b");
    assertThat(document.get("members").get(1).get("former_member").asBoolean()).isTrue();
    assertThat(document.get("teams").findValuesAsString("_id")).doesNotContain("team_theirs");
    assertThat(coverage(manifest, "teams").get("recordCount").asInt()).isEqualTo(5);
    assertThat(document.get("enterprise").get("name").asString()).isEqualTo("Workspace Inc");
    assertThat(document.get("exports").findValuesAsString("export_uid")).containsExactly("exp_ws1");
    assertThat(document.get("member_data").get(0).get("records").get("session_info.json").asInt())
        .isEqualTo(1);
    long counted = 0;
    for (JsonNode section : manifest.get("sections")) {
      counted += section.get("recordCount").asLong();
      assertThat(section.get("capped").asBoolean()).isFalse();
    }
    assertThat(records.get()).isEqualTo(counted);
  }

  @Test
  void noSecretLeavesAtAnyDepth() throws IOException {
    byte[] bytes = write(writer(100), new AtomicInteger());
    String document = new String(bytes, StandardCharsets.UTF_8);

    assertThat(document)
        .doesNotContain(CANARY)
        .doesNotContain("\"secret_sha256\"")
        .doesNotContain("\"sso_client_secret\"")
        .doesNotContain("\"credentials\"")
        .doesNotContain("\"password_hash\"");
    assertThat(JSON.readTree(bytes).get("api_keys").findValuesAsString("_id"))
        .containsExactly("key1");
  }

  @Test
  void aCappedSectionSaysSoAndHowManyWereLeftOut() throws IOException {
    JsonNode document = JSON.readTree(write(writer(3), new AtomicInteger()));

    JsonNode teams = coverage(document.get("manifest"), "teams");
    assertThat(teams.get("recordCount").asInt()).isEqualTo(3);
    assertThat(teams.get("capped").asBoolean()).isTrue();
    assertThat(teams.get("leftOut").asInt()).isEqualTo(2);
    assertThat(document.get("teams").size()).isEqualTo(3);
    assertThat(coverage(document.get("manifest"), "members").get("capped").asBoolean()).isFalse();
  }

  @Test
  void theSpoolIsGoneOnceTheArchiveIsClosed() throws IOException {
    write(writer(100), new AtomicInteger());

    try (var left = Files.list(spool)) {
      assertThat(left).isEmpty();
    }
  }

  private WorkspaceArchiveWriter writer(long cap) {
    Clock clock = Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC);
    return WorkspaceSections.writer(
        db,
        jobs,
        new UserDataReader(db, new FilesystemSourceBucket(files), 20_000),
        cap,
        spool,
        clock);
  }

  private byte[] write(WorkspaceArchiveWriter writer, AtomicInteger records) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WorkspaceArchive archive = writer.prepare(workspaceJob, counting(records))) {
      archive.writeTo(out);
    }
    return out.toByteArray();
  }

  private static WriteProgress counting(AtomicInteger records) {
    return new WriteProgress() {
      @Override
      public void sectionsPlanned(int sections) {}

      @Override
      public void recordWritten() {
        records.incrementAndGet();
      }

      @Override
      public void sectionDone() {}
    };
  }

  private static JsonNode coverage(JsonNode manifest, String name) {
    List<String> names = new ArrayList<>();
    for (JsonNode section : manifest.get("sections")) {
      if (section.get("name").asString().equals(name)) {
        return section;
      }
      names.add(section.get("name").asString());
    }
    throw new AssertionError("no section " + name + " in " + names);
  }

  private void member(String userId, String email, String enterprise, Instant leftAt) {
    db.getCollection(CatalogCollections.USERS)
        .insertOne(
            new Document("_id", userId)
                .append("email", email)
                .append("name", email)
                .append("password_hash", CANARY)
                .append(
                    "enterprise_memberships",
                    List.of(
                        new Document("enterprise_uid", enterprise)
                            .append("role", "member")
                            .append("joined_at", Date.from(T0.minusSeconds(86_400)))
                            .append("left_at", leftAt == null ? null : Date.from(leftAt))))
                .append("created_at", Date.from(T0.minusSeconds(86_400))));
  }

  private void tagged(String collection, String id, String enterprise, String field, String value) {
    db.getCollection(collection)
        .insertOne(
            new Document("_id", id)
                .append("enterprise_uid", enterprise)
                .append(field, value)
                .append("token", CANARY)
                .append("created_at", Date.from(T0)));
  }
}
