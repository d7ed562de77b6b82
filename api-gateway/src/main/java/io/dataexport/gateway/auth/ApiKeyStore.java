package io.dataexport.gateway.auth;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import io.dataexport.digest.Sha256;
import io.dataexport.mongo.ServiceCollections;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * API keys, stored as SHA-256 digests only. A key reads {@code dex_<key id>_<secret>}: the id finds
 * the record, the secret's digest must match it. A key may expire; rotating one issues its
 * successor and lets the old key work on for an overlap, so the scripts using it can be moved over
 * without an outage. When each key was last used is kept, to the minute, to find unused keys.
 */
public class ApiKeyStore {

  public static final String COLLECTION = ServiceCollections.API_KEYS;
  private static final Pattern KEY = Pattern.compile("dex_([a-z0-9]{12})_([A-Za-z0-9]{40})");
  private static final String ALPHABET_LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  // Writing the last use on every call would double the gateway's writes for nothing an operator
  // needs: to the minute is enough to tell a key in use from a forgotten one.
  private static final Duration LAST_USE_RESOLUTION = Duration.ofMinutes(1);

  private final MongoCollection<Document> keys;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> lastUseWritten = new ConcurrentHashMap<>();

  public ApiKeyStore(MongoDatabase database) {
    this.keys = database.getCollection(COLLECTION);
  }

  public IssuedApiKey issue(String enterpriseUid, Role role, String name, Instant now) {
    return issue(enterpriseUid, role, name, now, null);
  }

  /**
   * @param expiresAt when the key stops working; null for a key that works until revoked
   */
  public IssuedApiKey issue(
      String enterpriseUid, Role role, String name, Instant now, Instant expiresAt) {
    return insert(enterpriseUid, role, name, now, expiresAt, null);
  }

  private IssuedApiKey insert(
      String enterpriseUid,
      Role role,
      String name,
      Instant now,
      Instant expiresAt,
      String replaces) {
    String keyId = randomString(ALPHABET_LOWER, 12);
    String secret = "dex_" + keyId + "_" + randomString(ALPHABET, 40);
    keys.insertOne(
        new Document("_id", keyId)
            .append("enterprise_uid", enterpriseUid)
            .append("role", role.name())
            .append("name", name)
            .append("secret_sha256", sha256(secret))
            .append("created_at", Date.from(now))
            .append("expires_at", expiresAt == null ? null : Date.from(expiresAt))
            .append("replaces", replaces)
            .append("revoked_at", null));
    return new IssuedApiKey(keyId, secret);
  }

  /**
   * Issues the successor of {@code keyId} (same enterprise, role and name) and lets the old key
   * work for {@code overlap} more, then expire; an old key that would expire sooner keeps its
   * expiry. Empty when the enterprise has no such usable key.
   */
  public Optional<Rotation> rotate(
      String enterpriseUid, String keyId, Duration overlap, Instant now) {
    Document old = keys.find(and(eq("_id", keyId), eq("enterprise_uid", enterpriseUid))).first();
    if (old == null || !usable(old, now)) {
      return Optional.empty();
    }
    Instant oldExpiry = instant(old, "expires_at");
    Instant retireAt = now.plus(overlap);
    if (oldExpiry != null && oldExpiry.isBefore(retireAt)) {
      retireAt = oldExpiry;
    }
    IssuedApiKey successor =
        insert(
            enterpriseUid,
            Role.valueOf(old.getString("role")),
            old.getString("name"),
            now,
            null,
            keyId);
    // Compare-and-set on the key not yet replaced: of two rotations at once, one wins; the other's
    // successor is revoked again at once so exactly one successor stays.
    boolean won =
        keys.updateOne(
                    and(eq("_id", keyId), eq("replaced_by", null), eq("revoked_at", null)),
                    combine(
                        set("replaced_by", successor.keyId()),
                        set("expires_at", Date.from(retireAt))))
                .getModifiedCount()
            == 1;
    if (!won) {
      revoke(successor.keyId(), now);
      return Optional.empty();
    }
    return Optional.of(new Rotation(successor, retireAt));
  }

  /** The successor of a rotated key, and when the rotated key stops working. */
  public record Rotation(IssuedApiKey successor, Instant previousExpiresAt) {}

  /** The enterprise's keys, newest first, revoked and expired ones included; never a secret. */
  public List<KeyInfo> list(String enterpriseUid) {
    List<KeyInfo> infos = new ArrayList<>();
    keys.find(eq("enterprise_uid", enterpriseUid))
        .sort(Sorts.descending("created_at", "_id"))
        .forEach(record -> infos.add(info(record)));
    return infos;
  }

  /** One key of the enterprise, if it has one with this id. */
  public Optional<KeyInfo> find(String enterpriseUid, String keyId) {
    return Optional.ofNullable(
            keys.find(and(eq("_id", keyId), eq("enterprise_uid", enterpriseUid))).first())
        .map(ApiKeyStore::info);
  }

  /**
   * Notes that the key was used now; written at most once a minute per key and gateway, and only
   * forward in time.
   */
  public void recordUse(String keyId, Instant now) {
    Instant written = lastUseWritten.get(keyId);
    if (written != null && written.plus(LAST_USE_RESOLUTION).isAfter(now)) {
      return;
    }
    lastUseWritten.put(keyId, now);
    keys.updateOne(
        and(eq("_id", keyId), or(eq("last_used_at", null), lt("last_used_at", Date.from(now)))),
        set("last_used_at", Date.from(now)));
  }

  /** What may be shown of a key: everything but its secret's digest. */
  public record KeyInfo(
      String keyId,
      String enterpriseUid,
      Role role,
      String name,
      Instant createdAt,
      Instant expiresAt,
      Instant lastUsedAt,
      Instant revokedAt,
      String replaces,
      String replacedBy) {}

  private static KeyInfo info(Document record) {
    return new KeyInfo(
        record.getString("_id"),
        record.getString("enterprise_uid"),
        Role.valueOf(record.getString("role")),
        record.getString("name"),
        instant(record, "created_at"),
        instant(record, "expires_at"),
        instant(record, "last_used_at"),
        instant(record, "revoked_at"),
        record.getString("replaces"),
        record.getString("replaced_by"));
  }

  private static boolean usable(Document record, Instant now) {
    Instant expiresAt = instant(record, "expires_at");
    return record.get("revoked_at") == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  private static Instant instant(Document record, String field) {
    Date date = record.getDate(field);
    return date == null ? null : date.toInstant();
  }

  /**
   * Revokes the enterprise's key at once (a key revoked before stays as it was); empty when the
   * enterprise has no key with this id.
   */
  public Optional<KeyInfo> revoke(String enterpriseUid, String keyId, Instant now) {
    keys.updateOne(
        and(eq("_id", keyId), eq("enterprise_uid", enterpriseUid), eq("revoked_at", null)),
        set("revoked_at", Date.from(now)));
    return find(enterpriseUid, keyId);
  }

  /** Revokes the key at once; returns false when no such key exists or it was revoked before. */
  public boolean revoke(String keyId, Instant now) {
    return keys.updateOne(
                and(eq("_id", keyId), eq("revoked_at", null)), set("revoked_at", Date.from(now)))
            .getModifiedCount()
        == 1;
  }

  /**
   * The grant of a well-formed, known key, neither revoked nor expired at {@code now}, whose secret
   * matches; empty otherwise.
   */
  public Optional<Grant> verify(String presentedKey, Instant now) {
    Matcher m = KEY.matcher(presentedKey);
    if (!m.matches()) {
      return Optional.empty();
    }
    Document record = keys.find(eq("_id", m.group(1))).first();
    if (record == null || !usable(record, now)) {
      return Optional.empty();
    }
    byte[] expected = record.getString("secret_sha256").getBytes(StandardCharsets.US_ASCII);
    byte[] given = sha256(presentedKey).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      return Optional.empty();
    }
    return Optional.of(
        new Grant(
            record.getString("_id"),
            record.getString("enterprise_uid"),
            Role.valueOf(record.getString("role"))));
  }

  /** What a verified key grants. */
  public record Grant(String keyId, String enterpriseUid, Role role) {}

  private String randomString(String alphabet, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private static String sha256(String value) {
    return Sha256.hex(value);
  }
}
