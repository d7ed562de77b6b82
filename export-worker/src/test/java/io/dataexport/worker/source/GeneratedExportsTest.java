package io.dataexport.worker.source;

import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS;
import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL;
import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_PROJECT;
import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS;
import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS;
import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import io.dataexport.demo.Canaries;
import io.dataexport.demo.FileSink;
import io.dataexport.demo.GeneratedUser;
import io.dataexport.demo.GeneratorKnobs;
import io.dataexport.demo.SourceDataGenerator;
import io.dataexport.demo.SourceDataGenerator.GeneratedData;
import io.dataexport.demo.UserContent;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobs;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.worker.archive.ExportArchiveWriter;
import io.dataexport.worker.archive.WriteProgress;
import io.dataexport.worker.source.bucket.fs.FilesystemSourceBucket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Archives built from the generator's data, for every user, every enterprise the user belongs or
 * belonged to, every scope and the filters: each section holds exactly the records computed from
 * the data by the rules of docs/source-data.md ({@link ExpectedRecords}), no byte of any archive
 * holds a canary secret or another enterprise's record, and the files come whole from the bucket.
 */
class GeneratedExportsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  @TempDir static Path bucket;
  @TempDir static Path spool;

  private static MongoDatabase db;
  private static GeneratedData data;
  private static ExpectedRecords expected;
  private static ExportArchiveWriter writer;

  @BeforeAll
  static void generate() {
    db = mongo.freshDatabase();
    data =
        new SourceDataGenerator(db, FileSink.directory(bucket), GeneratorKnobs.small()).generate();
    Map<String, List<Document>> collections = new LinkedHashMap<>();
    for (String name : db.listCollectionNames()) {
      collections.put(name, db.getCollection(name).find().into(new ArrayList<>()));
    }
    expected = new ExpectedRecords(collections);
    writer =
        new ExportArchiveWriter(
            new UserDataReader(db, new FilesystemSourceBucket(bucket), 20_000),
            1000,
            spool,
            Clock.fixed(SourceDataGenerator.END, ZoneOffset.UTC));
  }

  @Test
  void theGeneratedDataHasMoversDeletedUsersAndCanariesAtEveryDepth() {
    assertThat(data.movers()).isNotEmpty();
    assertThat(data.users()).anyMatch(GeneratedUser::deleted);
    // top level, nested documents, documents in arrays, arrays in nested documents
    assertThat(data.canaryPlaces())
        .contains(
            "users.password_hash",
            "users.mfa.totp_secret",
            "users.enterprise_memberships[].invite_token",
            "sessions.events[].tool_call.arguments.auth_token",
            "sessions.events[].headers[].cookie",
            "user_client_configs.settings.shortcuts[].webhook_secret",
            "user_client_configs.settings.integrations.github.personal_access_token",
            "teams.settings.sso.private_key");
    for (String collection :
        List.of(
            "users",
            "platform_users",
            "user_client_configs",
            "user_personalization",
            "projects",
            "sessions",
            "session_files",
            "skills",
            "user_knowledge",
            "notifications",
            "teams",
            "team_user_relations")) {
      assertThat(data.canaryPlaces()).as(collection).anyMatch(p -> p.startsWith(collection + "."));
    }
  }

  @Test
  void everyScopeAndFilterExportsExactlyTheRecordsTheRulesSelect() throws Exception {
    int archives = 0;
    for (GeneratedUser user : data.users()) {
      for (GeneratedUser.Membership membership : user.memberships()) {
        for (ExportJob job : jobs(user, membership.enterpriseUid())) {
          Archive archive = write(job);
          Map<String, List<String>> want = expected.sections(job, user);
          for (String entry : archive.jsonEntries()) {
            assertThat(archive.ids(entry))
                .as("%s of %s for %s, %s", entry, user.name(), job.enterpriseUid(), describe(job))
                .containsExactlyElementsOf(want.get(entry));
          }
          assertFilesComeWholeFromTheBucket(archive, job, user, want);
          assertNothingLeaks(archive, job);
          archives++;
        }
      }
    }
    assertThat(archives).isGreaterThan(50);
  }

  @Test
  void withMoreSessionsThanItHoldsTheReaderAsksPerBatchAndReadsTheSameRecordsAndFiles() {
    ExportSource holdingAll = new UserDataReader(db, new FilesystemSourceBucket(bucket), 20_000);
    // 0: no session id is ever held; 1: the noted ids overflow at the second session
    List<ExportSource> holdingFew =
        List.of(
            new UserDataReader(db, new FilesystemSourceBucket(bucket), 0),
            new UserDataReader(db, new FilesystemSourceBucket(bucket), 1));
    int withFiles = 0;
    for (GeneratedUser user : data.users()) {
      for (GeneratedUser.Membership membership : user.memberships()) {
        for (ExportJob job : jobs(user, membership.enterpriseUid())) {
          Map<String, List<String>> want = readThrough(holdingAll, job);
          for (ExportSource reader : holdingFew) {
            assertThat(readThrough(reader, job))
                .as("%s for %s, %s", user.name(), job.enterpriseUid(), describe(job))
                .isEqualTo(want);
          }
          if (!want.get("files").isEmpty()) {
            withFiles++;
          }
        }
      }
    }
    assertThat(withFiles).as("exports with files, so the check is not vacuous").isGreaterThan(5);
  }

  /** Each section's record ids and then the files' ids, read in the writer's order. */
  private static Map<String, List<String>> readThrough(ExportSource reader, ExportJob job) {
    Map<String, List<String>> read = new LinkedHashMap<>();
    for (Section section : reader.sections(job)) {
      List<String> ids = new ArrayList<>();
      try (SourceCursor<Document> records = reader.records(section, job)) {
        records.forEachRemaining(r -> ids.add(String.valueOf(r.get("_id"))));
      }
      read.put(section.entryName(), ids);
    }
    List<String> files = new ArrayList<>();
    try (SourceCursor<SourceFile> cursor = reader.files(job)) {
      cursor.forEachRemaining(f -> files.add(f.id()));
    }
    read.put("files", files);
    return read;
  }

  @Test
  void aMoverIsExportedByEachEnterpriseWithItsOwnRecordsAndMembershipOnly() throws Exception {
    GeneratedUser mover = data.movers().get(0);
    for (GeneratedUser.Membership membership : mover.memberships()) {
      String enterprise = membership.enterpriseUid();
      ExportJob job = full(mover, enterprise).includeDeleted(true).build();
      Archive archive = write(job);

      JsonNode user = archive.json("user.json").get(0);
      assertThat(user.get("enterprise_memberships").values())
          .extracting(m -> m.get("enterprise_uid").asString())
          .containsExactly(enterprise);
      List<String> sessions = archive.ids("session_info.json");
      assertThat(sessions).isNotEmpty();
      String text = archive.allText();
      assertThat(text).contains(UserContent.ownedBy(enterprise));
      for (GeneratedUser.Membership other : mover.memberships()) {
        if (!other.enterpriseUid().equals(enterprise)) {
          assertThat(text).doesNotContain(UserContent.ownedBy(other.enterpriseUid()));
          assertThat(sessions)
              .doesNotContainAnyElementsOf(
                  write(full(mover, other.enterpriseUid()).includeDeleted(true).build())
                      .ids("session_info.json"));
        }
      }
    }
  }

  @Test
  void aFullExportHasTeamsAndEachSkillsArchive() throws Exception {
    GeneratedUser user =
        data.users().stream().filter(u -> !u.deleted() && !u.moved()).findFirst().orElseThrow();
    Archive archive = write(full(user, user.memberships().get(0).enterpriseUid()).build());

    assertThat(archive.json("team.json").size()).isPositive();
    List<String> skills = archive.ids("skill.json");
    assertThat(skills).isNotEmpty();
    for (String skill : skills) {
      assertThat(archive.names())
          .anyMatch(n -> n.startsWith("skills/" + skill + "/") && n.endsWith(".zip"));
    }
  }

  // --- the jobs each user and enterprise are exported with

  private static List<ExportJob> jobs(GeneratedUser user, String enterprise) {
    List<String> allSessions =
        expected.all("sessions").stream()
            .filter(d -> user.userId().equals(d.getString("user_id")))
            .map(d -> d.getString("_id"))
            .toList();
    List<String> projects =
        expected.all("projects").stream()
            .filter(d -> user.userId().equals(d.getString("user_id")))
            .map(d -> d.getString("_id"))
            .toList();
    Instant start = SourceDataGenerator.T0.plus(Duration.ofDays(90));
    Instant end = SourceDataGenerator.T0.plus(Duration.ofDays(270));
    return List.of(
        full(user, enterprise).build(),
        full(user, enterprise).includeDeleted(true).build(),
        full(user, enterprise).between(start, end).includeFiles(false).build(),
        job(user, enterprise, ENTERPRISE_EXPORT_SCOPE_TASKS).includeDeleted(true).build(),
        job(user, enterprise, ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS)
            .between(start, end)
            .build(),
        job(user, enterprise, ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
            // every other session of the user's, whatever its enterprise
            .sessionIds(everyOther(allSessions))
            .includeDeleted(true)
            .build(),
        job(user, enterprise, ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT).build(),
        job(user, enterprise, ENTERPRISE_EXPORT_SCOPE_PROJECT)
            .projectUids(projects.isEmpty() ? new String[0] : new String[] {projects.get(0)})
            .includeDeleted(true)
            .build());
  }

  private static String[] everyOther(List<String> ids) {
    List<String> picked = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += 2) {
      picked.add(ids.get(i));
    }
    return picked.toArray(String[]::new);
  }

  private static ExportJobs.Builder full(GeneratedUser user, String enterprise) {
    return job(user, enterprise, ENTERPRISE_EXPORT_SCOPE_FULL);
  }

  private static ExportJobs.Builder job(
      GeneratedUser user, String enterprise, io.dataexport.api.v1.EnterpriseExportScope scope) {
    return ExportJobs.aPendingJob().forEnterprise(enterprise).forUser(user.userId()).scope(scope);
  }

  private static String describe(ExportJob job) {
    return job.filters().toString();
  }

  // --- what every archive must satisfy

  private static void assertFilesComeWholeFromTheBucket(
      Archive archive, ExportJob job, GeneratedUser user, Map<String, List<String>> want)
      throws IOException {
    boolean carries = job.filters().includeFiles() && Sections.carriesFiles(job.filters().scope());
    List<String> fileEntries =
        archive.names().stream().filter(n -> n.startsWith("files/")).toList();
    if (!carries) {
      assertThat(fileEntries).isEmpty();
      assertThat(archive.names()).noneMatch(n -> n.startsWith("skills/"));
      return;
    }
    List<String> fileIds = want.get("session_file_info.json");
    assertThat(fileEntries).hasSameSizeAs(fileIds);
    for (Document file : expected.all("session_files")) {
      if (!fileIds.contains(file.getString("_id"))) {
        continue;
      }
      String entry = "files/" + file.getString("session_id") + "/" + file.getString("name");
      assertThat(archive.entry(entry))
          .as(entry)
          .isEqualTo(Files.readAllBytes(bucket.resolve(file.getString("object_name"))));
    }
    if (job.filters().scope() == ENTERPRISE_EXPORT_SCOPE_FULL) {
      assertThat(archive.names().stream().filter(n -> n.startsWith("skills/")).count())
          .isEqualTo(want.get("skill.json").size());
    }
  }

  private static void assertNothingLeaks(Archive archive, ExportJob job) {
    String raw = new String(archive.zip(), StandardCharsets.ISO_8859_1);
    assertThat(raw).doesNotContain(Canaries.PREFIX);
    String text = archive.allText();
    assertThat(text).doesNotContain(Canaries.PREFIX);
    for (String enterprise : data.enterprises()) {
      if (!enterprise.equals(job.enterpriseUid())) {
        assertThat(text).doesNotContain(UserContent.ownedBy(enterprise));
      }
    }
  }

  // --- writing and reading back

  private static Archive write(ExportJob job) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(job, out, NO_PROGRESS);
    return Archive.read(out.toByteArray());
  }

  private static final WriteProgress NO_PROGRESS =
      new WriteProgress() {
        @Override
        public void sectionsPlanned(int sections) {}

        @Override
        public void recordWritten() {}

        @Override
        public void sectionDone() {}
      };

  private record Archive(byte[] zip, Map<String, byte[]> entries) {

    static Archive read(byte[] zip) throws IOException {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
        for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          entries.put(e.getName(), in.readAllBytes());
        }
      }
      return new Archive(zip, entries);
    }

    List<String> names() {
      return List.copyOf(entries.keySet());
    }

    List<String> jsonEntries() {
      return names().stream()
          .filter(n -> n.endsWith(".json") && !n.contains("/") && !n.equals("manifest.json"))
          .toList();
    }

    byte[] entry(String name) {
      assertThat(entries).containsKey(name);
      return entries.get(name);
    }

    JsonNode json(String name) {
      return JSON.readTree(entry(name));
    }

    List<String> ids(String name) {
      return json(name).values().stream().map(r -> r.get("_id").asString()).toList();
    }

    String allText() {
      StringBuilder all = new StringBuilder();
      Stream.of(entries.values().toArray(byte[][]::new))
          .forEach(b -> all.append(new String(b, StandardCharsets.ISO_8859_1)).append('\n'));
      return all.toString();
    }
  }
}
