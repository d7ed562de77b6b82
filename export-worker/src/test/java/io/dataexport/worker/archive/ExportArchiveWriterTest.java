package io.dataexport.worker.archive;

import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS;
import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL;
import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_PROJECT;
import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS;
import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS;
import static io.dataexport.api.v1.EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.CatalogFixtures;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportJobs;
import io.dataexport.mongo.InMemoryMongo;
import io.dataexport.time.MutableClock;
import io.dataexport.worker.source.UserDataReader;
import io.dataexport.worker.source.bucket.fs.FilesystemSourceBucket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The export ZIP, written from documents in the MongoDB-wire server and read back entry by entry.
 */
class ExportArchiveWriterTest {

  private static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");
  private static final Instant DAY1 = Instant.parse("2026-02-01T08:00:00Z");
  private static final String USER = ExportJobs.USER;
  private static final String OTHER_USER = "usr_grace";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  @TempDir Path spool;

  /** The source bucket attached files are read from. */
  @TempDir Path bucket;

  private MongoDatabase db;
  private final MutableClock clock = new MutableClock(NOW);

  @BeforeEach
  void setUp() {
    db = mongo.freshDatabase();
  }

  @Test
  void theManifestComesFirstAndDescribesEveryEntryWithItsCountSizeDigestAndTheRequest()
      throws Exception {
    insertUser(CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE));
    db.getCollection(CatalogCollections.PLATFORM_USERS)
        .insertOne(
            new Document("_id", "pu_1")
                .append("user_id", USER)
                .append("platform", "slack")
                .append("external_id", "U1")
                .append("created_at", Date.from(DAY1)));
    db.getCollection("projects")
        .insertMany(
            List.of(project("prj_1", USER, "webdev", DAY1), project("prj_2", USER, "data", DAY1)));
    db.getCollection("notifications")
        .insertOne(
            new Document("_id", "ntf_1")
                .append("user_id", USER)
                .append("created_at", Date.from(DAY1))
                .append("kind", "info")
                .append("title", "Hi"));
    insertSession("ses_1", USER, DAY1, false);
    insertSession("ses_2", USER, DAY1.plusSeconds(60), false);
    byte[] first = bytes("first file");
    byte[] second = bytes("the second, longer file");
    insertFile("fil_1", "ses_1", USER, "a.txt", DAY1, first, false);
    insertFile("fil_2", "ses_2", USER, "b.txt", DAY1.plusSeconds(60), second, false);
    Instant start = DAY1.minusSeconds(3600);
    Instant end = NOW;
    ExportJob job =
        ExportJobs.aPendingJob()
            .scope(ENTERPRISE_EXPORT_SCOPE_FULL)
            .includeDeleted(true)
            .between(start, end)
            .sessionIds("ses_1")
            .webdevProjectUids("prj_1")
            .projectUids("prj_2")
            .reason("audit 42")
            .build();

    Archive archive = write(job);

    assertThat(archive.names().get(0)).isEqualTo("manifest.json");
    JsonNode manifest = archive.json("manifest.json");
    List<String> jsonEntries =
        archive.names().stream()
            .filter(n -> !n.equals("manifest.json") && !n.startsWith("files/"))
            .toList();
    assertThat(jsonEntries)
        .containsExactly(
            "user.json",
            "platform_user.json",
            "user_client_config.json",
            "user_personalization.json",
            "project.json",
            "session_info.json",
            "session_file_info.json",
            "skill.json",
            "user_knowledge.json",
            "notifications.json",
            "team.json",
            "team_user_relation.json");
    List<JsonNode> lines = new ArrayList<>(manifest.get("sections").values());
    assertThat(lines)
        .extracting(l -> l.get("name").asString())
        .containsExactlyElementsOf(
            Stream.concat(jsonEntries.stream(), Stream.of("files/")).toList());
    for (JsonNode line : lines.subList(0, jsonEntries.size())) {
      String name = line.get("name").asString();
      byte[] entry = archive.entry(name);
      JsonNode array = JSON.readTree(entry);
      assertThat(array.isArray()).as(name).isTrue();
      assertThat(line.get("record_count").asLong()).as(name).isEqualTo(array.size());
      assertThat(line.get("bytes").asLong()).as(name).isEqualTo(entry.length);
      assertThat(line.get("sha256").asString()).as(name).isEqualTo(sha256(entry));
      assertThat(line.get("capped").asBoolean()).as(name).isFalse();
    }
    assertThat(archive.json("user.json").size()).isEqualTo(1);
    assertThat(archive.json("platform_user.json").size()).isEqualTo(1);
    assertThat(archive.json("project.json").size()).isEqualTo(2);
    assertThat(archive.json("session_info.json").size()).isEqualTo(2);
    assertThat(archive.json("session_file_info.json").size()).isEqualTo(2);
    assertThat(archive.json("notifications.json").size()).isEqualTo(1);

    JsonNode files = lines.get(lines.size() - 1);
    assertThat(files.get("record_count").asLong()).isEqualTo(2);
    assertThat(files.get("bytes").asLong()).isEqualTo(first.length + second.length);
    assertThat(archive.fileEntries()).hasSize(2);

    JsonNode request = manifest.get("request");
    assertThat(request.get("scope").asString()).isEqualTo(ENTERPRISE_EXPORT_SCOPE_FULL.name());
    assertThat(request.get("include_deleted").asBoolean()).isTrue();
    assertThat(request.get("include_files").asBoolean()).isTrue();
    assertThat(Instant.parse(request.get("start_time").asString())).isEqualTo(start);
    assertThat(Instant.parse(request.get("end_time").asString())).isEqualTo(end);
    assertThat(strings(request.get("session_ids"))).containsExactly("ses_1");
    assertThat(strings(request.get("webdev_project_uids"))).containsExactly("prj_1");
    assertThat(strings(request.get("project_uids"))).containsExactly("prj_2");
    assertThat(request.get("reason").asString()).isEqualTo("audit 42");
    assertThat(manifest.get("export_uid").asString()).isEqualTo(job.uid());
    assertThat(manifest.get("enterprise_uid").asString()).isEqualTo(job.enterpriseUid());
    assertThat(manifest.get("user_id").asString()).isEqualTo(USER);
    assertThat(Instant.parse(manifest.get("generated_at").asString())).isEqualTo(NOW);
  }

  @Test
  void theTasksScopeHoldsUserSessionsAndFileInfoButNoFiles() throws Exception {
    seedTasksWithAttachments();

    Archive archive = write(ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS).build());

    assertThat(archive.names())
        .containsExactly(
            "manifest.json", "user.json", "session_info.json", "session_file_info.json");
    assertThat(ids(archive.json("session_info.json"))).containsExactly("ses_1", "ses_2");
    assertThat(ids(archive.json("session_file_info.json"))).containsExactly("fil_1", "fil_2");
    assertThat(sectionNames(archive)).doesNotContain("files/");
  }

  @Test
  void theTasksWithAttachmentsScopeAlsoCarriesEachFileWithItsExactBytes() throws Exception {
    Map<String, byte[]> contents = seedTasksWithAttachments();

    Archive archive =
        write(
            ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS).build());

    assertThat(archive.names())
        .containsExactly(
            "manifest.json",
            "user.json",
            "session_info.json",
            "session_file_info.json",
            "files/ses_1/notes.txt",
            "files/ses_2/image.png");
    assertThat(archive.entry("files/ses_1/notes.txt")).isEqualTo(contents.get("fil_1"));
    assertThat(archive.entry("files/ses_2/image.png")).isEqualTo(contents.get("fil_2"));
  }

  @Test
  void withoutIncludeFilesTheTasksWithAttachmentsScopeCarriesNoFiles() throws Exception {
    seedTasksWithAttachments();

    Archive archive =
        write(
            ExportJobs.aPendingJob()
                .scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS)
                .includeFiles(false)
                .build());

    assertThat(archive.names())
        .containsExactly(
            "manifest.json", "user.json", "session_info.json", "session_file_info.json");
    assertThat(ids(archive.json("session_file_info.json"))).containsExactly("fil_1", "fil_2");
    assertThat(sectionNames(archive)).doesNotContain("files/");
  }

  @Test
  void customSessionIdsExportOnlyTheNamedSessionsTheirFileInfoAndTheirFiles() throws Exception {
    insertUser(CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE));
    insertSession("ses_1", USER, DAY1, false);
    insertSession("ses_2", USER, DAY1.plusSeconds(1), false);
    insertSession("ses_3", USER, DAY1.plusSeconds(2), false);
    byte[] one = bytes("one");
    byte[] three = bytes("three");
    insertFile("fil_1", "ses_1", USER, "one.txt", DAY1, one, false);
    insertFile("fil_2", "ses_2", USER, "two.txt", DAY1.plusSeconds(1), bytes("two"), false);
    insertFile("fil_3", "ses_3", USER, "three.txt", DAY1.plusSeconds(2), three, false);

    Archive archive =
        write(
            ExportJobs.aPendingJob()
                .scope(ENTERPRISE_EXPORT_SCOPE_CUSTOM_SESSION_IDS)
                .sessionIds("ses_1", "ses_3")
                .build());

    assertThat(ids(archive.json("session_info.json"))).containsExactly("ses_1", "ses_3");
    assertThat(ids(archive.json("session_file_info.json"))).containsExactly("fil_1", "fil_3");
    assertThat(archive.fileEntries())
        .containsExactly("files/ses_1/one.txt", "files/ses_3/three.txt");
    assertThat(archive.entry("files/ses_1/one.txt")).isEqualTo(one);
    assertThat(archive.entry("files/ses_3/three.txt")).isEqualTo(three);
  }

  @Test
  void withoutIncludeDeletedDeletedSessionsAndDeletedFilesAreLeftOut() throws Exception {
    seedWithDeletedRecords();

    Archive archive =
        write(
            ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS).build());

    assertThat(ids(archive.json("session_info.json"))).containsExactly("ses_live");
    assertThat(ids(archive.json("session_file_info.json"))).containsExactly("fil_live");
    assertThat(archive.fileEntries()).containsExactly("files/ses_live/live.txt");
  }

  @Test
  void aFileGoesWithItsSessionWhateverItsOwnTimeOrFlag() throws Exception {
    insertUser(CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE));
    insertSession("ses_in", USER, DAY1, false);
    insertSession("ses_out", USER, DAY1.minusSeconds(86_400), false);
    insertSession("ses_deleted", USER, DAY1, true);
    // added to an in-bounds session long after the end bound: exported with its session
    insertFile("fil_late", "ses_in", USER, "late.txt", NOW, bytes("late"), false);
    // not deleted itself, but its session is: left out with it
    insertFile("fil_orphan", "ses_deleted", USER, "orphan.txt", DAY1, bytes("orphan"), false);
    // inside the bounds, but its session is not
    insertFile("fil_early", "ses_out", USER, "early.txt", DAY1, bytes("early"), false);

    Archive archive =
        write(
            ExportJobs.aPendingJob()
                .scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS)
                .between(DAY1, DAY1.plusSeconds(3600))
                .build());

    assertThat(ids(archive.json("session_info.json"))).containsExactly("ses_in");
    assertThat(ids(archive.json("session_file_info.json"))).containsExactly("fil_late");
    assertThat(archive.fileEntries()).containsExactly("files/ses_in/late.txt");
  }

  @Test
  void withIncludeDeletedDeletedSessionsAndDeletedFilesAreExported() throws Exception {
    seedWithDeletedRecords();

    Archive archive =
        write(
            ExportJobs.aPendingJob()
                .scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS)
                .includeDeleted(true)
                .build());

    assertThat(ids(archive.json("session_info.json"))).containsExactly("ses_live", "ses_gone");
    assertThat(ids(archive.json("session_file_info.json"))).containsExactly("fil_live", "fil_gone");
    assertThat(archive.fileEntries())
        .containsExactly("files/ses_live/live.txt", "files/ses_live/gone.txt");
  }

  @Test
  void aDeletedUsersDocumentIsStillExportedAsUserJson() throws Exception {
    insertUser(
        CatalogFixtures.deletedFormerMember(
            USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE, DAY1));
    insertSession("ses_1", USER, DAY1, false);

    Archive archive = write(ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS).build());

    JsonNode users = archive.json("user.json");
    assertThat(ids(users)).containsExactly(USER);
    assertThat(users.get(0).get("deleted").asBoolean()).isTrue();
    assertThat(users.get(0).get("email").asString()).isEqualTo("ada@example.com");
  }

  @Test
  void timeBoundsIncludeSessionsCreatedExactlyAtStartAndEndButNotAMillisecondOutside()
      throws Exception {
    insertUser(CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE));
    Instant start = DAY1;
    Instant end = DAY1.plusSeconds(86_400);
    insertSession("ses_before", USER, start.minusMillis(1), false);
    insertSession("ses_start", USER, start, false);
    insertSession("ses_middle", USER, start.plusSeconds(3600), false);
    insertSession("ses_end", USER, end, false);
    insertSession("ses_after", USER, end.plusMillis(1), false);

    Archive archive =
        write(
            ExportJobs.aPendingJob()
                .scope(ENTERPRISE_EXPORT_SCOPE_TASKS)
                .between(start, end)
                .build());

    assertThat(ids(archive.json("session_info.json")))
        .containsExactly("ses_start", "ses_middle", "ses_end");
  }

  @Test
  void theWebdevProjectScopeExportsOnlyWebdevProjects() throws Exception {
    seedProjects();

    Archive archive =
        write(ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT).build());

    assertThat(archive.names()).containsExactly("manifest.json", "user.json", "project.json");
    assertThat(ids(archive.json("project.json"))).containsExactly("prj_web1", "prj_web2");
  }

  @Test
  void theWebdevProjectScopeIsNarrowedByTheWebdevProjectUidsGiven() throws Exception {
    seedProjects();

    Archive archive =
        write(
            ExportJobs.aPendingJob()
                .scope(ENTERPRISE_EXPORT_SCOPE_WEBDEV_PROJECT)
                .webdevProjectUids("prj_web2", "prj_data")
                .build());

    assertThat(ids(archive.json("project.json"))).containsExactly("prj_web2");
  }

  @Test
  void theProjectScopeExportsAllProjectsWhenNoUidsAreGiven() throws Exception {
    seedProjects();

    Archive archive =
        write(ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_PROJECT).build());

    assertThat(archive.names()).containsExactly("manifest.json", "user.json", "project.json");
    assertThat(ids(archive.json("project.json")))
        .containsExactly("prj_web1", "prj_data", "prj_web2");
  }

  @Test
  void theProjectScopeIsNarrowedByTheProjectUidsGiven() throws Exception {
    seedProjects();

    Archive archive =
        write(
            ExportJobs.aPendingJob()
                .scope(ENTERPRISE_EXPORT_SCOPE_PROJECT)
                .projectUids("prj_data", "prj_web2")
                .build());

    assertThat(ids(archive.json("project.json"))).containsExactly("prj_data", "prj_web2");
  }

  @Test
  void secretsInSourceDocumentsNeverReachAnyEntry() throws Exception {
    String passwordHash = "$2a$10$secret-hash-value";
    String accessToken = "xoxp-access-token-value";
    String apiSecret = "sk-live-api-secret-value";
    insertUser(
        CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE)
            .append("password_hash", passwordHash));
    db.getCollection(CatalogCollections.PLATFORM_USERS)
        .insertOne(
            new Document("_id", "pu_1")
                .append("user_id", USER)
                .append("platform", "slack")
                .append("external_id", "U1")
                .append("created_at", Date.from(DAY1))
                .append("access_token", accessToken));
    db.getCollection(CatalogCollections.SESSIONS)
        .insertOne(
            CatalogFixtures.session("ses_1", USER, "Plans", DAY1, false)
                .append("api_secret", apiSecret));
    insertFile("fil_1", "ses_1", USER, "a.txt", DAY1, bytes("plain"), false);

    Archive archive = write(ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_FULL).build());

    assertThat(ids(archive.json("user.json"))).containsExactly(USER);
    assertThat(ids(archive.json("platform_user.json"))).containsExactly("pu_1");
    assertThat(ids(archive.json("session_info.json"))).containsExactly("ses_1");
    for (String name : archive.names()) {
      String text = new String(archive.entry(name), StandardCharsets.UTF_8);
      assertThat(text)
          .as(name)
          .doesNotContain(
              "password_hash", passwordHash, "access_token", accessToken, "api_secret", apiSecret);
    }
  }

  @Test
  void aSectionCutByTheCapHoldsTheCapAndIsFlaggedCappedInTheManifest() throws Exception {
    insertUser(CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE));
    insertSession("ses_1", USER, DAY1, false);
    insertSession("ses_2", USER, DAY1.plusSeconds(1), false);
    insertSession("ses_3", USER, DAY1.plusSeconds(2), false);
    insertFile("fil_1", "ses_1", USER, "a.txt", DAY1, bytes("a"), false);

    Archive archive =
        write(ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS).build(), 2);

    assertThat(ids(archive.json("session_info.json"))).containsExactly("ses_1", "ses_2");
    Map<String, JsonNode> lines = sectionLines(archive);
    assertThat(lines.get("session_info.json").get("record_count").asLong()).isEqualTo(2);
    assertThat(lines.get("session_info.json").get("capped").asBoolean()).isTrue();
    assertThat(lines.get("user.json").get("capped").asBoolean()).isFalse();
    assertThat(lines.get("session_file_info.json").get("capped").asBoolean()).isFalse();
  }

  @Test
  void theFilesOfSessionsTheCapCutAreLeftOutWithThem() throws Exception {
    insertUser(CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE));
    insertSession("ses_1", USER, DAY1, false);
    insertSession("ses_2", USER, DAY1.plusSeconds(1), false);
    // same creation time as ses_2: the id decides their order, and ses_2a comes after the cut
    insertSession("ses_2a", USER, DAY1.plusSeconds(1), false);
    insertSession("ses_3", USER, DAY1.plusSeconds(2), false);
    insertFile("fil_1", "ses_1", USER, "a.txt", DAY1, bytes("a"), false);
    insertFile("fil_2", "ses_2", USER, "b.txt", DAY1.plusSeconds(1), bytes("b"), false);
    insertFile("fil_2a", "ses_2a", USER, "c.txt", DAY1.plusSeconds(2), bytes("c"), false);
    insertFile("fil_3", "ses_3", USER, "d.txt", DAY1.plusSeconds(3), bytes("d"), false);
    ExportJob job =
        ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS).build();

    // the sessions' ids held in memory, and checked against the database a batch at a time
    for (int parentIdsInMemory : List.of(20_000, 0)) {
      Archive archive = write(job, 2, parentIdsInMemory);

      assertThat(ids(archive.json("session_info.json")))
          .as("sessions, %d ids in memory", parentIdsInMemory)
          .containsExactly("ses_1", "ses_2");
      assertThat(ids(archive.json("session_file_info.json")))
          .as("files' records, %d ids in memory", parentIdsInMemory)
          .containsExactly("fil_1", "fil_2");
      assertThat(archive.names().stream().filter(name -> name.startsWith("files/")))
          .as("files, %d ids in memory", parentIdsInMemory)
          .containsExactly("files/ses_1/a.txt", "files/ses_2/b.txt");
      assertThat(sectionLines(archive).get("session_file_info.json").get("capped").asBoolean())
          .as("a file of a session left out does not match: nothing of its section was cut")
          .isFalse();
    }
  }

  @Test
  void unsafeFileNamesBecomeOneSafeSegmentAndSameNamedFilesGetDistinctEntries() throws Exception {
    insertUser(CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE));
    insertSession("ses_1", USER, DAY1, false);
    byte[] traversal = bytes("root:x:0:0");
    byte[] backslashed = bytes("mixed separators");
    byte[] dupA = bytes("first report");
    byte[] dupB = bytes("second report");
    insertFile("fil_1", "ses_1", USER, "../../etc/passwd", DAY1, traversal, false);
    insertFile("fil_2", "ses_1", USER, "a/b\\c.txt", DAY1.plusSeconds(1), backslashed, false);
    insertFile("fil_3", "ses_1", USER, "report.txt", DAY1.plusSeconds(2), dupA, false);
    insertFile("fil_4", "ses_1", USER, "report.txt", DAY1.plusSeconds(3), dupB, false);

    Archive archive =
        write(
            ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS).build());

    List<String> files = archive.fileEntries();
    assertThat(files).hasSize(4).doesNotHaveDuplicates();
    for (String entry : files) {
      assertThat(entry).startsWith("files/ses_1/");
      String segment = entry.substring("files/ses_1/".length());
      assertThat(segment).as(entry).isNotEmpty().doesNotContain("/", "\\").isNotIn(".", "..");
      assertThat(entry.split("/")).as(entry).doesNotContain("..", ".");
    }
    List<byte[]> contents = files.stream().map(archive::entry).toList();
    assertThat(contents).containsExactly(traversal, backslashed, dupA, dupB);
  }

  @Test
  void aFileNamedLikeAnotherFilesIdPrefixedNameDoesNotBreakTheArchive() throws Exception {
    insertUser(CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE));
    insertSession("ses_1", USER, DAY1, false);
    byte[] reupload = bytes("re-uploaded from an earlier export");
    byte[] firstReport = bytes("first report");
    byte[] secondReport = bytes("second report");
    // named as the clash rule would name fil_2's entry
    insertFile("fil_9", "ses_1", USER, "fil_2_report.txt", DAY1, reupload, false);
    insertFile("fil_1", "ses_1", USER, "report.txt", DAY1.plusSeconds(1), firstReport, false);
    insertFile("fil_2", "ses_1", USER, "report.txt", DAY1.plusSeconds(2), secondReport, false);

    Archive archive =
        write(
            ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS).build());

    List<String> files = archive.fileEntries();
    assertThat(files)
        .hasSize(3)
        .doesNotHaveDuplicates()
        .allMatch(e -> e.startsWith("files/ses_1/"));
    assertThat(files.stream().map(archive::entry).toList())
        .containsExactly(reupload, firstReport, secondReport);
  }

  @Test
  void theCheckpointRunsWhileWritingAndWhenItThrowsTheWriteStopsAndTheSpoolIsCleared()
      throws Exception {
    seedTasksWithAttachments();
    ExportJob job =
        ExportJobs.aPendingJob().scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS).build();
    AtomicInteger calls = new AtomicInteger();
    ExportArchiveWriter writer =
        new ExportArchiveWriter(
            new UserDataReader(db, new FilesystemSourceBucket(bucket), 20_000), 1000, spool, clock);

    writer.write(job, new ByteArrayOutputStream(), checkpoints(calls::incrementAndGet));
    assertThat(calls.get()).isPositive();
    assertThat(leftoverFiles()).isEmpty();

    IllegalStateException stop = new IllegalStateException("export cancelled");
    AtomicInteger untilStop = new AtomicInteger();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(
            () ->
                writer.write(
                    ExportJobs.aPendingJob()
                        .scope(ENTERPRISE_EXPORT_SCOPE_TASKS_WITH_ATTACHMENTS)
                        .build(),
                    out,
                    checkpoints(
                        () -> {
                          if (untilStop.incrementAndGet() == 2) {
                            throw stop;
                          }
                        })))
        .isSameAs(stop);
    assertThat(untilStop.get()).isEqualTo(2);
    assertThat(out.size()).isZero();
    assertThat(leftoverFiles()).isEmpty();
  }

  // --- fixtures

  /** ses_1 with notes.txt, ses_2 with image.png; returns each file id's content. */
  private Map<String, byte[]> seedTasksWithAttachments() {
    insertUser(CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE));
    insertSession("ses_1", USER, DAY1, false);
    insertSession("ses_2", USER, DAY1.plusSeconds(60), false);
    insertSession("ses_other", OTHER_USER, DAY1, false);
    byte[] notes = bytes("meeting notes\n");
    byte[] image = new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
    insertFile("fil_1", "ses_1", USER, "notes.txt", DAY1, notes, false);
    insertFile("fil_2", "ses_2", USER, "image.png", DAY1.plusSeconds(60), image, false);
    insertFile("fil_other", "ses_other", OTHER_USER, "x.txt", DAY1, bytes("x"), false);
    return Map.of("fil_1", notes, "fil_2", image);
  }

  private void seedWithDeletedRecords() {
    insertUser(CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE));
    insertSession("ses_live", USER, DAY1, false);
    insertSession("ses_gone", USER, DAY1.plusSeconds(1), true);
    insertFile("fil_live", "ses_live", USER, "live.txt", DAY1, bytes("live"), false);
    insertFile("fil_gone", "ses_live", USER, "gone.txt", DAY1.plusSeconds(1), bytes("gone"), true);
  }

  private void seedProjects() {
    insertUser(CatalogFixtures.user(USER, "ada@example.com", "Ada", ExportJobs.ENTERPRISE));
    db.getCollection("projects")
        .insertMany(
            List.of(
                project("prj_web1", USER, "webdev", DAY1),
                project("prj_data", USER, "data", DAY1.plusSeconds(1)),
                project("prj_web2", USER, "webdev", DAY1.plusSeconds(2)),
                project("prj_foreign", OTHER_USER, "webdev", DAY1)));
  }

  private void insertUser(Document user) {
    db.getCollection(CatalogCollections.USERS).insertOne(user);
  }

  private void insertSession(String id, String userId, Instant createdAt, boolean deleted) {
    db.getCollection(CatalogCollections.SESSIONS)
        .insertOne(CatalogFixtures.session(id, userId, "Session " + id, createdAt, deleted));
  }

  private void insertFile(
      String id,
      String sessionId,
      String userId,
      String name,
      Instant createdAt,
      byte[] content,
      boolean deleted) {
    db.getCollection(CatalogCollections.SESSION_FILES)
        .insertOne(
            CatalogFixtures.sessionFile(id, sessionId, userId, name)
                .append("size_bytes", content.length)
                .append("created_at", Date.from(createdAt))
                .append("object_name", "session-files/" + id)
                .append("deleted", deleted));
    try {
      Path object = bucket.resolve("session-files").resolve(id);
      Files.createDirectories(object.getParent());
      Files.write(object, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Document project(String id, String userId, String kind, Instant createdAt) {
    return new Document("_id", id)
        .append("user_id", userId)
        .append("created_at", Date.from(createdAt))
        .append("deleted", false)
        .append("name", "Project " + id)
        .append("kind", kind);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // --- writing and reading back

  /** Progress whose every report runs {@code checkpoint}, as the worker's lease keeper does. */
  private static WriteProgress checkpoints(Runnable checkpoint) {
    return new WriteProgress() {
      @Override
      public void sectionsPlanned(int sections) {}

      @Override
      public void recordWritten() {
        checkpoint.run();
      }

      @Override
      public void sectionDone() {
        checkpoint.run();
      }
    };
  }

  private Archive write(ExportJob job) throws IOException {
    return write(job, 1000);
  }

  private Archive write(ExportJob job, long sectionCap) throws IOException {
    return write(job, sectionCap, 20_000);
  }

  private Archive write(ExportJob job, long sectionCap, int parentIdsInMemory) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ExportArchiveWriter(
            new UserDataReader(db, new FilesystemSourceBucket(bucket), parentIdsInMemory),
            sectionCap,
            spool,
            clock)
        .write(job, out, checkpoints(() -> {}));
    assertThat(leftoverFiles()).isEmpty();
    return Archive.read(out.toByteArray());
  }

  private List<Path> leftoverFiles() throws IOException {
    try (Stream<Path> paths = Files.walk(spool)) {
      return paths.filter(p -> !p.equals(spool)).toList();
    }
  }

  private static Map<String, JsonNode> sectionLines(Archive archive) {
    Map<String, JsonNode> lines = new LinkedHashMap<>();
    for (JsonNode line : archive.json("manifest.json").get("sections").values()) {
      lines.put(line.get("name").asString(), line);
    }
    return lines;
  }

  private static List<String> sectionNames(Archive archive) {
    return List.copyOf(sectionLines(archive).keySet());
  }

  private static List<String> ids(JsonNode array) {
    return array.values().stream().map(r -> r.get("_id").asString()).toList();
  }

  private static List<String> strings(JsonNode array) {
    return array.values().stream().map(JsonNode::asString).toList();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** The ZIP's entries in order, each with its bytes. */
  private record Archive(List<String> names, Map<String, byte[]> entries) {

    static Archive read(byte[] zip) throws IOException {
      List<String> names = new ArrayList<>();
      Map<String, byte[]> entries = new LinkedHashMap<>();
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
        for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
          names.add(entry.getName());
          entries.put(entry.getName(), in.readAllBytes());
        }
      }
      return new Archive(names, entries);
    }

    byte[] entry(String name) {
      assertThat(entries).containsKey(name);
      return entries.get(name);
    }

    JsonNode json(String name) {
      return JSON.readTree(entry(name));
    }

    List<String> fileEntries() {
      return names.stream().filter(n -> n.startsWith("files/")).toList();
    }
  }
}
