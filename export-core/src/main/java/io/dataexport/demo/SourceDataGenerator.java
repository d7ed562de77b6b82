package io.dataexport.demo;

import com.mongodb.client.MongoDatabase;
import io.dataexport.catalog.CatalogCollections;
import io.dataexport.catalog.EnterpriseScope;
import io.dataexport.catalog.MembershipWindows;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;

/**
 * Makes the platform's source data, the same for the same knobs: enterprises with their teams,
 * members (some deleted, some who moved from one enterprise to the next), and every member's
 * records in every section with files and skill archives in the bucket, and canary secrets planted
 * at every depth. The embedded launcher, the tests and the benchmarks all start from it.
 */
public final class SourceDataGenerator {

  /** Generated records are made over one year from here. */
  public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  public static final Instant END = T0.plus(Duration.ofDays(360));

  /** When movers leave their first enterprise and join the next (a whole second). */
  public static final Instant MOVE = T0.plus(Duration.ofDays(180));

  /** When deleted accounts were deleted. */
  public static final Instant DELETION = T0.plus(Duration.ofDays(300));

  private final MongoDatabase db;
  private final FileSink files;
  private final GeneratorKnobs knobs;
  private final Canaries canaries;
  private final Map<String, List<String>> teams = new LinkedHashMap<>();
  private final UserContent content;

  public SourceDataGenerator(MongoDatabase db, FileSink files, GeneratorKnobs knobs) {
    this(db, files, knobs, END);
  }

  /**
   * @param end records of users still active are made up to this moment
   */
  public SourceDataGenerator(MongoDatabase db, FileSink files, GeneratorKnobs knobs, Instant end) {
    this.db = db;
    this.files = files;
    this.knobs = knobs;
    this.canaries = new Canaries(knobs.canaries());
    this.content = new UserContent(db, files, canaries, end, knobs.deletedItemsEvery(), teams);
  }

  /** What was generated: enterprises, users, where canaries were planted. */
  public record GeneratedData(
      List<String> enterprises, List<GeneratedUser> users, java.util.Set<String> canaryPlaces) {

    public GeneratedUser user(String userId) {
      return users.stream().filter(u -> u.userId().equals(userId)).findFirst().orElseThrow();
    }

    public List<GeneratedUser> movers() {
      return users.stream().filter(GeneratedUser::moved).toList();
    }
  }

  /** The whole population the knobs describe. */
  public GeneratedData generate() {
    List<String> enterprises = new ArrayList<>();
    for (int e = 0; e < knobs.enterprises(); e++) {
      String uid = "ent_gen_" + e;
      enterprises.add(uid);
      enterprise(uid, "Generated " + e);
    }
    List<GeneratedUser> users = new ArrayList<>();
    int n = 0;
    for (int e = 0; e < knobs.enterprises(); e++) {
      for (int u = 0; u < knobs.usersPerEnterprise(); u++, n++) {
        boolean deleted = knobs.deletedUsersEvery() > 0 && n % knobs.deletedUsersEvery() == 1;
        String uid = enterprises.get(e);
        Instant leftAt = deleted ? DELETION : null;
        users.add(
            user(
                "gen/" + knobs.seed() + "/" + n,
                "User " + n,
                deleted,
                List.of(new GeneratedUser.Membership(uid, "member", T0, leftAt))));
      }
    }
    for (int m = 0; m < knobs.movers() && knobs.enterprises() > 1; m++, n++) {
      String from = enterprises.get(m % knobs.enterprises());
      String to = enterprises.get((m + 1) % knobs.enterprises());
      users.add(
          user(
              "gen/" + knobs.seed() + "/mover/" + m,
              "Mover " + m,
              false,
              List.of(
                  new GeneratedUser.Membership(from, "member", T0, MOVE),
                  new GeneratedUser.Membership(to, "member", MOVE, null))));
    }
    for (GeneratedUser user : users) {
      content.write(user, UserContent.Counts.of(knobs));
    }
    return new GeneratedData(enterprises, users, canaries.places());
  }

  /** An enterprise with its teams. */
  public void enterprise(String uid, String name) {
    enterprise(uid, name, "enterprise");
  }

  /**
   * @param tier the plan the enterprise is on, as the platform records it ({@code EnterpriseTier})
   */
  public void enterprise(String uid, String name, String tier) {
    db.getCollection(CatalogCollections.ENTERPRISES)
        .insertOne(
            new Document("_id", uid)
                .append("name", name)
                .append("tier", tier)
                .append("require_reason", false));
    List<String> ids = new ArrayList<>();
    for (int t = 0; t < knobs.teamsPerEnterprise(); t++) {
      String id = "team_" + uid + "_" + t;
      ids.add(id);
      Document team =
          new Document("_id", id)
              .append(EnterpriseScope.ENTERPRISE_UID, uid)
              .append("name", "Team " + t + " of " + name)
              .append("description", "Works on part " + t)
              .append("created_at", Date.from(T0))
              .append("deleted", false)
              .append(
                  "settings",
                  new Document(
                      "sso",
                      canaries.plant(
                          new Document("provider", "okta"),
                          "private_key",
                          "teams.settings.sso.private_key")));
      canaries.plant(team, "invite_secret", "teams.invite_secret");
      db.getCollection(CatalogCollections.TEAMS).insertOne(team);
    }
    teams.put(uid, ids);
  }

  /**
   * A user document (stable id from {@code key}), with canaries of its own; its records are written
   * by {@link #content(GeneratedUser, UserContent.Counts)}.
   */
  public GeneratedUser user(
      String key, String name, boolean deleted, List<GeneratedUser.Membership> memberships) {
    String id = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    String email = name.toLowerCase().replace(' ', '.') + "." + id.substring(0, 4) + "@example.com";
    GeneratedUser user =
        new GeneratedUser(id, email, name, T0, deleted, deleted ? DELETION : null, memberships);
    insertUser(user);
    return user;
  }

  /** Inserts the user document of {@code user}. */
  public void insertUser(GeneratedUser user) {
    List<Document> memberships = new ArrayList<>();
    for (GeneratedUser.Membership m : user.memberships()) {
      memberships.add(
          canaries.plant(
              new Document("enterprise_uid", m.enterpriseUid())
                  .append("role", m.role())
                  .append("joined_at", Date.from(m.joinedAt()))
                  .append("left_at", m.leftAt() == null ? null : Date.from(m.leftAt())),
              "invite_token",
              "users.enterprise_memberships[].invite_token"));
    }
    Document doc =
        new Document("_id", user.userId())
            .append("email", user.email())
            .append("name", user.name())
            .append("created_at", Date.from(user.createdAt()))
            .append("deleted", user.deleted())
            .append("deleted_at", user.deletedAt() == null ? null : Date.from(user.deletedAt()))
            .append("locale", "en-GB")
            .append(MembershipWindows.MEMBERSHIPS, memberships);
    canaries.plant(doc, "password_hash", "users.password_hash");
    doc.append(
        "mfa",
        canaries.plant(new Document("kind", "totp"), "totp_secret", "users.mfa.totp_secret"));
    doc.append(
        "sessions",
        List.of(
            canaries.plant(new Document("device", "laptop"), "token", "users.sessions[].token")));
    canaries.plant(doc, "internal_notes", "users.internal_notes");
    db.getCollection(CatalogCollections.USERS).insertOne(doc);
  }

  /** Writes the user's records in every section, {@code counts} of each. */
  public void content(GeneratedUser user, UserContent.Counts counts) {
    content.write(user, counts);
  }

  public UserContent.Counts counts() {
    return UserContent.Counts.of(knobs);
  }

  public java.util.Set<String> canaryPlaces() {
    return canaries.places();
  }

  FileSink files() {
    return files;
  }
}
