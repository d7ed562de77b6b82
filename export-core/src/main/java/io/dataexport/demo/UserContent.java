package io.dataexport.demo;

import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.EnterpriseScope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bson.Document;

/**
 * Writes one user's records into every source section, as the platform would have: tagged with the
 * enterprise the user belonged to when the record was made (every fifth record of a tagged
 * collection untagged, as written before the platform tagged them), soft-deleted every so often,
 * with canaries planted at every depth. Files and skill archives go to the bucket.
 */
public final class UserContent {

  /** How many records of each section one user gets. */
  public record Counts(
      int sessions,
      int eventsPerSession,
      int filesPerSession,
      int fileBytes,
      int skills,
      int knowledge,
      int notifications,
      int platformAccounts,
      int clientConfigs,
      int projects,
      boolean personalization) {

    static Counts of(GeneratorKnobs k) {
      return new Counts(
          k.sessionsPerUser(),
          k.eventsPerSession(),
          k.filesPerSession(),
          k.fileBytes(),
          k.skillsPerUser(),
          k.knowledgePerUser(),
          k.notificationsPerUser(),
          2,
          1,
          2,
          true);
    }

    /** One of each section but sessions (and so files): for users whose sessions are hand-made. */
    public static Counts oneOfEachButSessions() {
      return new Counts(0, 0, 0, 0, 1, 2, 2, 1, 1, 1, true);
    }

    /** Everything but sessions (and so files): for users whose sessions are written by hand. */
    public Counts withoutSessions() {
      return new Counts(
          0,
          0,
          0,
          fileBytes,
          skills,
          knowledge,
          notifications,
          platformAccounts,
          clientConfigs,
          projects,
          personalization);
    }
  }

  /** Every fifth record of a tagged collection carries no tag, as legacy data does. */
  static final int UNTAGGED_EVERY = 5;

  private final MongoDatabase db;
  private final FileSink files;
  private final Canaries canaries;
  private final Instant end;
  private final int deletedItemsEvery;
  private final Map<String, List<String>> teamsByEnterprise;
  private final Map<String, Integer> counters = new HashMap<>();

  UserContent(
      MongoDatabase db,
      FileSink files,
      Canaries canaries,
      Instant end,
      int deletedItemsEvery,
      Map<String, List<String>> teamsByEnterprise) {
    this.db = db;
    this.files = files;
    this.canaries = canaries;
    this.end = end;
    this.deletedItemsEvery = deletedItemsEvery;
    this.teamsByEnterprise = teamsByEnterprise;
  }

  /** Writes all of {@code user}'s records, but the user document itself. */
  public void write(GeneratedUser user, Counts counts) {
    Random random = new Random(user.userId().hashCode());
    // the UUID's last group: unique among generated users, and among the demo's (which share a
    // prefix)
    String shortId = user.userId().substring(user.userId().length() - 12);
    try (Batch platform = batch(CatalogCollections.PLATFORM_USERS);
        Batch configs = batch("user_client_configs");
        Batch personal = batch(CatalogCollections.USER_PERSONALIZATION);
        Batch projects = batch("projects");
        Batch sessions = batch(CatalogCollections.SESSIONS);
        Batch sessionFiles = batch(CatalogCollections.SESSION_FILES);
        Batch skills = batch("skills");
        Batch knowledge = batch("user_knowledge");
        Batch notifications = batch("notifications");
        Batch relations = batch(CatalogCollections.TEAM_USER_RELATIONS)) {
      for (int i = 0; i < counts.platformAccounts(); i++) {
        Instant at = when(user, random);
        Document account =
            record("plu_" + shortId + "_" + i, user, at)
                .append("platform", i % 2 == 0 ? "github" : "slack")
                .append("external_id", "ext-" + shortId + "-" + i);
        canaries.plant(account, "access_token", "platform_users.access_token");
        canaries.plant(account, "refresh_token", "platform_users.refresh_token");
        account.append(
            "profile",
            canaries.plant(
                new Document("login", "login-" + i), "client_secret", "platform_users.profile"));
        platform.add(account);
      }
      for (int i = 0; i < counts.clientConfigs(); i++) {
        Instant at = when(user, random);
        Document settings =
            new Document("theme", i % 2 == 0 ? "dark" : "light")
                .append("language", "en")
                .append("font_size", 12 + i)
                .append(
                    "shortcuts",
                    List.of(
                        canaries.plant(
                            new Document("action", "export").append("keys", "ctrl+e"),
                            "webhook_secret",
                            "user_client_configs.settings.shortcuts[].webhook_secret")))
                .append(
                    "integrations",
                    new Document(
                        "github",
                        canaries.plant(
                            new Document("enabled", true),
                            "personal_access_token",
                            "user_client_configs.settings.integrations.github.personal_access_token")));
        canaries.plant(settings, "api_key", "user_client_configs.settings.api_key");
        Document config =
            deletable(record("cfg_" + shortId + "_" + i, user, at), "configs")
                .append("client", i % 2 == 0 ? "desktop" : "web")
                .append("settings", settings);
        canaries.plant(config, "device_cookie", "user_client_configs.device_cookie");
        configs.add(config);
      }
      if (counts.personalization()) {
        Instant at = when(user, random);
        Document p =
            record("per_" + shortId, user, at)
                .append("language", "en")
                .append("theme", "dark")
                .append("instructions", "Answer briefly, " + user.name() + ".")
                .append("updated_at", Date.from(at));
        canaries.plant(p, "openai_api_key", "user_personalization.openai_api_key");
        p.append(
            "memory",
            new Document(
                "embedding",
                canaries.plant(
                    new Document("model", "small"),
                    "private_key",
                    "user_personalization.memory.embedding.private_key")));
        personal.add(p);
      }
      for (int i = 0; i < counts.projects(); i++) {
        Instant at = when(user, random);
        Document project =
            tagged(deletable(record("prj_" + shortId + "_" + i, user, at), "projects"), user, at)
                .append("name", "Project " + i + marker(user, at))
                .append("kind", i % 2 == 0 ? "webdev" : "data")
                .append("description", "What " + user.name() + " builds, part " + i);
        project.append(
            "deploy",
            new Document(
                "env",
                List.of(
                    canaries.plant(
                        new Document("name", "DB"),
                        "password",
                        "projects.deploy.env[].password"))));
        projects.add(project);
      }
      for (int s = 0; s < counts.sessions(); s++) {
        Instant at = when(user, random);
        String sessionId = "ses_" + shortId + "_" + s;
        List<Document> events = new ArrayList<>();
        for (int e = 0; e < counts.eventsPerSession(); e++) {
          Document toolCall =
              new Document("name", "search")
                  .append(
                      "arguments",
                      canaries.plant(
                          new Document("query", "q" + e),
                          "auth_token",
                          "sessions.events[].tool_call.arguments.auth_token"));
          events.add(
              new Document("type", e % 2 == 0 ? "user_message" : "assistant_message")
                  .append("at", Date.from(at.plusSeconds(e)))
                  .append("text", text(random, 40) + marker(user, at))
                  .append("tool_call", toolCall)
                  .append(
                      "headers",
                      List.of(
                          canaries.plant(
                              new Document("accept", "json"),
                              "cookie",
                              "sessions.events[].headers[].cookie"))));
        }
        Document session =
            tagged(deletable(record(sessionId, user, at), "sessions"), user, at)
                .append("title", "Session " + s + marker(user, at))
                .append("events", events);
        canaries.plant(session, "share_token", "sessions.share_token");
        sessions.add(session);
        for (int f = 0; f < counts.filesPerSession(); f++) {
          sessionFiles.add(file(user, sessionId, f, at, counts.fileBytes(), random));
        }
      }
      for (int i = 0; i < counts.skills(); i++) {
        Instant at = when(user, random);
        String skillId = "skl_" + shortId + "_" + i;
        String object = "skills/" + user.userId() + "/" + skillId + ".zip";
        byte[] zip = skillArchive(user, i);
        put(object, new ByteArrayInputStream(zip));
        Document skill =
            tagged(deletable(record(skillId, user, at), "skills"), user, at)
                .append("name", "Skill " + i + " of " + user.name().split(" ")[0])
                .append("description", "Does step " + i + marker(user, at))
                .append("version", "1." + i)
                .append("archive_object", object)
                .append("archive_size_bytes", zip.length)
                .append(
                    "config",
                    canaries.plant(
                        new Document("timeout_s", 30),
                        "client_secret",
                        "skills.config.client_secret"));
        skills.add(skill);
      }
      for (int i = 0; i < counts.knowledge(); i++) {
        Instant at = when(user, random);
        Document entry =
            tagged(deletable(record("knw_" + shortId + "_" + i, user, at), "knowledge"), user, at)
                .append("title", "Fact " + i + marker(user, at))
                .append("content", text(random, 80))
                .append("tags", List.of("tag" + i, "notes"))
                .append(
                    "source",
                    new Document(
                        "credentials",
                        canaries.plant(
                            new Document("user", "svc"),
                            "password",
                            "user_knowledge.source.credentials.password")));
        knowledge.add(entry);
      }
      for (int i = 0; i < counts.notifications(); i++) {
        Instant at = when(user, random);
        Document n =
            deletable(record("ntf_" + shortId + "_" + i, user, at), "notifications")
                .append("kind", "info")
                .append("title", "Notice " + i + marker(user, at))
                .append("body", "Your export " + i + " is ready")
                .append("read", i % 2 == 0)
                .append(
                    "payload",
                    canaries.plant(
                        new Document("link", "/n/" + i),
                        "unsubscribe_token",
                        "notifications.payload.unsubscribe_token"));
        notifications.add(n);
      }
      for (GeneratedUser.Membership m : user.memberships()) {
        List<String> teams = teamsByEnterprise.getOrDefault(m.enterpriseUid(), List.of());
        for (int t = 0; t < Math.min(2, teams.size()); t++) {
          String team = teams.get((Math.abs(user.userId().hashCode()) + t) % teams.size());
          Instant at = m.joinedAt().plus(Duration.ofHours(1 + t));
          Document relation =
              deletable(
                      record("tur_" + shortId + "_" + m.enterpriseUid() + "_" + t, user, at),
                      "relations")
                  .append(EnterpriseScope.ENTERPRISE_UID, m.enterpriseUid())
                  .append("team_id", team)
                  .append("role", t == 0 ? "member" : "viewer");
          canaries.plant(relation, "invite_token", "team_user_relations.invite_token");
          relations.add(relation);
        }
      }
    }
  }

  private Document file(
      GeneratedUser user, String sessionId, int f, Instant at, int bytes, Random random) {
    String fileId = "fil_" + sessionId.substring(4) + "_" + f;
    String[] kinds = {"notes-%d.txt", "figure-%d.png", "data-%d.csv", "report-%d.pdf"};
    String name = String.format(kinds[f % kinds.length], f);
    boolean text = name.endsWith(".txt") || name.endsWith(".csv");
    String object = "session-files/" + user.userId() + "/" + sessionId + "/" + fileId;
    put(object, new GeneratedBytes(random.nextLong(), bytes, text));
    Document file =
        deletable(record(fileId, user, at.plusSeconds(1)), "files")
            .append("session_id", sessionId)
            .append("name", name)
            .append("content_type", text ? "text/plain" : "application/octet-stream")
            .append("size_bytes", bytes)
            .append("object_name", object);
    canaries.plant(file, "download_token", "session_files.download_token");
    file.append(
        "storage",
        canaries.plant(new Document("region", "eu"), "signed_url_secret", "session_files.storage"));
    return file;
  }

  private void put(String object, java.io.InputStream content) {
    try {
      files.put(object, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A small real ZIP holding the skill's definition. */
  private static byte[] skillArchive(GeneratedUser user, int i) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("SKILL.md"));
      zip.write(("# Skill " + i + "\nBy " + user.name() + ".\n").getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private Batch batch(String collection) {
    return new Batch(db.getCollection(collection));
  }

  private static Document record(String id, GeneratedUser user, Instant at) {
    return new Document("_id", id)
        .append("user_id", user.userId())
        .append("created_at", Date.from(at));
  }

  /** Every n-th record of a section is soft-deleted. */
  private Document deletable(Document record, String section) {
    int n = counters.merge(section, 1, Integer::sum);
    return record.append("deleted", deletedItemsEvery > 0 && n % deletedItemsEvery == 0);
  }

  /** Tagged with the enterprise of the moment, but every fifth (legacy) record. */
  private Document tagged(Document record, GeneratedUser user, Instant at) {
    int n = counters.merge("tagged", 1, Integer::sum);
    String enterprise = user.enterpriseAt(at);
    if (enterprise != null && n % UNTAGGED_EVERY != 0) {
      record.append(EnterpriseScope.ENTERPRISE_UID, enterprise);
    }
    return record;
  }

  /**
   * For a user who moved, the enterprise a record belongs to, in its visible text: an archive of
   * another enterprise must never show it.
   */
  private static String marker(GeneratedUser user, Instant at) {
    return user.moved() ? " " + ownedBy(user.enterpriseAt(at)) : "";
  }

  /** The text marking a mover's record as {@code enterpriseUid}'s. */
  public static String ownedBy(String enterpriseUid) {
    return "[owned-by:" + enterpriseUid + "]";
  }

  /** A moment in the user's active life, on a whole second plus half of one. */
  private Instant when(GeneratedUser user, Random random) {
    Instant from = user.createdAt();
    long span = Duration.between(from, user.activeUntil(end)).toSeconds() - 2;
    return from.plusSeconds(1 + (long) (random.nextDouble() * span)).plusMillis(500);
  }

  private static String text(Random random, int length) {
    String[] words = {"plan", "engine", "notes", "budget", "draft", "review", "launch", "data"};
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      s.append(words[random.nextInt(words.length)]).append(' ');
    }
    return s.toString().strip();
  }
}
