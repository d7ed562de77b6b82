package io.dataexport.standalone;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.demo.FileSink;
import io.dataexport.demo.GeneratedUser;
import io.dataexport.demo.GeneratorKnobs;
import io.dataexport.demo.SourceDataGenerator;
import io.dataexport.demo.UserContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;

/**
 * Demo data for the embedded stack: one enterprise, its users (one of them deleted, one a former
 * member), their sessions with events and files written by hand, and every other section (skills
 * with their archives, knowledge, notifications, teams, …) from the {@link SourceDataGenerator};
 * and a user of another enterprise, whom the demo enterprise must not see. Files and skill archives
 * go to the source bucket. Seeded once; later starts keep what is there.
 */
public final class DemoData {

  public static final String ENTERPRISE_UID = "ent_demo_acme";
  public static final String OTHER_ENTERPRISE_UID = "ent_demo_globex";

  public static final DemoUser ADA =
      new DemoUser(
          "6f1c2a7e-0b7d-4c1e-9a53-1d2f3e4a5b01", "ada@acme.example", "Ada Lovelace", false);
  public static final DemoUser GRACE =
      new DemoUser(
          "6f1c2a7e-0b7d-4c1e-9a53-1d2f3e4a5b02", "grace@acme.example", "Grace Hopper", false);

  /** A deleted account: still exportable by its former enterprise. */
  public static final DemoUser LINUS =
      new DemoUser(
          "6f1c2a7e-0b7d-4c1e-9a53-1d2f3e4a5b03", "linus@acme.example", "Linus Deleted", true);

  /** A member of the other enterprise only: the demo enterprise gets not_found for them. */
  public static final DemoUser OUTSIDER =
      new DemoUser(
          "6f1c2a7e-0b7d-4c1e-9a53-1d2f3e4a5b09", "outsider@globex.example", "Out Sider", false);

  public static final String ADA_SESSION_PLAN = "ses_ada_launch_plan";
  public static final String ADA_SESSION_NOTES = "ses_ada_engine_notes";
  public static final String ADA_SESSION_DELETED = "ses_ada_deleted_draft";

  /** A secret the source data holds and no archive may ever contain. */
  public static final String SEEDED_SECRET = "demo-secret-token-never-exported";

  private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

  public record DemoUser(String userId, String email, String name, boolean deleted) {}

  private DemoData() {}

  /**
   * Seeds unless the demo enterprise exists; returns whether it seeded. Attached files and skill
   * archives go to {@code files}, the source bucket the worker reads.
   */
  public static boolean seed(MongoDatabase db, FileSink files) {
    MongoCollection<Document> enterprises = db.getCollection(CatalogCollections.ENTERPRISES);
    if (enterprises.find(eq("_id", ENTERPRISE_UID)).first() != null) {
      return false;
    }
    db.getCollection(CatalogCollections.USERS)
        .insertMany(
            List.of(
                user(ADA, ENTERPRISE_UID, null),
                user(GRACE, ENTERPRISE_UID, null),
                user(LINUS, ENTERPRISE_UID, T0.plusSeconds(86_400 * 30)),
                user(OUTSIDER, OTHER_ENTERPRISE_UID, null)));
    db.getCollection(CatalogCollections.PLATFORM_USERS)
        .insertOne(
            new Document("_id", "plu_ada_github")
                .append("user_id", ADA.userId())
                .append("platform", "github")
                .append("external_id", "ada-l")
                .append("created_at", at(0))
                .append("access_token", SEEDED_SECRET)
                .append("oauth", new Document("refresh_token", SEEDED_SECRET)));
    db.getCollection(CatalogCollections.SESSIONS)
        .insertMany(
            List.of(
                session(ADA_SESSION_PLAN, ADA, ENTERPRISE_UID, "Launch plan", 1, false),
                session(
                    ADA_SESSION_NOTES, ADA, ENTERPRISE_UID, "Analytical engine notes", 2, false),
                session(ADA_SESSION_DELETED, ADA, ENTERPRISE_UID, "Deleted draft", 3, true),
                session("ses_grace_compiler", GRACE, ENTERPRISE_UID, "Compiler ideas", 4, false),
                session("ses_linus_old", LINUS, ENTERPRISE_UID, "Old kernel thread", 5, false),
                session("ses_outsider", OUTSIDER, OTHER_ENTERPRISE_UID, "Globex plans", 5, false)));
    db.getCollection(CatalogCollections.SESSION_FILES)
        .insertMany(
            List.of(
                file(
                    files,
                    "fil_plan_md",
                    ADA_SESSION_PLAN,
                    ADA,
                    "plan.md",
                    "# Launch plan\n1. Build it.\n"),
                file(
                    files,
                    "fil_budget_csv",
                    ADA_SESSION_PLAN,
                    ADA,
                    "budget.csv",
                    "item,cost\nengine,100\n"),
                file(
                    files,
                    "fil_notes_txt",
                    ADA_SESSION_NOTES,
                    ADA,
                    "notes.txt",
                    "Note G: Bernoulli numbers.\n"),
                file(
                    files,
                    "fil_grace_txt",
                    "ses_grace_compiler",
                    GRACE,
                    "a0.txt",
                    "A-0 system\n")));
    db.getCollection("projects")
        .insertOne(
            new Document("_id", "prj_ada_site")
                .append("user_id", ADA.userId())
                .append("enterprise_uid", ENTERPRISE_UID)
                .append("name", "Engine site")
                .append("kind", "webdev")
                .append("created_at", at(1))
                .append("deleted", false));
    // Every other section from the generator: skills with their archives, knowledge,
    // notifications, client configs, personalization, teams and the users' places in them.
    SourceDataGenerator generator =
        new SourceDataGenerator(db, files, DEMO_KNOBS, T0.plusSeconds(86_400L * 30));
    generator.enterprise(ENTERPRISE_UID, "Acme Corp", "enterprise");
    generator.enterprise(OTHER_ENTERPRISE_UID, "Globex", "team");
    for (DemoUser user : List.of(ADA, GRACE, LINUS, OUTSIDER)) {
      generator.content(generated(user), UserContent.Counts.oneOfEachButSessions());
    }
    return true;
  }

  /** Small, with canaries: the demo enterprise's teams and one of everything per user. */
  private static final GeneratorKnobs DEMO_KNOBS =
      new GeneratorKnobs(7, 0, 0, 0, 0, 0, 0, 0, 0, 0, true, 1, 2, 2, 2);

  private static GeneratedUser generated(DemoUser user) {
    String enterprise = user == OUTSIDER ? OTHER_ENTERPRISE_UID : ENTERPRISE_UID;
    Instant leftAt = user.deleted() ? T0.plusSeconds(86_400 * 30) : null;
    return new GeneratedUser(
        user.userId(),
        user.email(),
        user.name(),
        T0,
        user.deleted(),
        leftAt,
        List.of(new GeneratedUser.Membership(enterprise, "member", T0, leftAt)));
  }

  private static Document user(DemoUser user, String enterpriseUid, Instant leftAt) {
    return new Document("_id", user.userId())
        .append("email", user.email())
        .append("name", user.name())
        .append("created_at", at(0))
        .append("deleted", user.deleted())
        .append("deleted_at", leftAt == null ? null : Date.from(leftAt))
        .append("locale", "en-GB")
        .append("password_hash", "$2a$10$" + SEEDED_SECRET)
        .append(
            "enterprise_memberships",
            List.of(
                new Document("enterprise_uid", enterpriseUid)
                    .append("role", "member")
                    .append("joined_at", at(0))
                    .append("left_at", leftAt == null ? null : Date.from(leftAt))
                    .append("invite_token", SEEDED_SECRET)));
  }

  private static Document session(
      String id, DemoUser user, String enterpriseUid, String title, int day, boolean deleted) {
    return new Document("_id", id)
        .append("user_id", user.userId())
        .append("enterprise_uid", enterpriseUid)
        .append("title", title)
        .append("created_at", at(day))
        .append("deleted", deleted)
        .append(
            "events",
            List.of(
                new Document("type", "user_message")
                    .append("at", at(day))
                    .append("text", "Hello about " + title)
                    .append(
                        "tool_call",
                        new Document("arguments", new Document("api_key", SEEDED_SECRET))),
                new Document("type", "assistant_message")
                    .append("at", at(day))
                    .append("text", "Working on " + title)));
  }

  private static Document file(
      FileSink files, String id, String sessionId, DemoUser user, String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    String object = "session-files/" + user.userId() + "/" + sessionId + "/" + id;
    try {
      files.put(object, new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Document("_id", id)
        .append("session_id", sessionId)
        .append("user_id", user.userId())
        .append("name", name)
        .append("content_type", "text/plain")
        .append("size_bytes", bytes.length)
        .append("created_at", at(1))
        .append("deleted", false)
        .append("object_name", object);
  }

  private static Date at(int day) {
    return Date.from(T0.plusSeconds(86_400L * day));
  }
}
