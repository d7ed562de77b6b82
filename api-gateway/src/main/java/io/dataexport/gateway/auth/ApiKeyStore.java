package io.dataexport.gateway.auth;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.dataexport.digest.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * API keys, stored as SHA-256 digests only. A key reads {@code dex_<key id>_<secret>}: the id finds
 * the record, the secret's digest must match it.
 */
public class ApiKeyStore {

  public static final String COLLECTION = "api_keys";
  private static final Pattern KEY = Pattern.compile("dex_([a-z0-9]{12})_([A-Za-z0-9]{40})");
  private static final String ALPHABET_LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final MongoCollection<Document> keys;
  private final SecureRandom random = new SecureRandom();

  public ApiKeyStore(MongoDatabase database) {
    this.keys = database.getCollection(COLLECTION);
  }

  public IssuedApiKey issue(String enterpriseUid, Role role, String name, Instant now) {
    String keyId = randomString(ALPHABET_LOWER, 12);
    String secret = "dex_" + keyId + "_" + randomString(ALPHABET, 40);
    keys.insertOne(
        new Document("_id", keyId)
            .append("enterprise_uid", enterpriseUid)
            .append("role", role.name())
            .append("name", name)
            .append("secret_sha256", sha256(secret))
            .append("created_at", Date.from(now))
            .append("revoked_at", null));
    return new IssuedApiKey(keyId, secret);
  }

  /** Revokes the key at once; returns false when no such key exists or it was revoked before. */
  public boolean revoke(String keyId, Instant now) {
    return keys.updateOne(
                and(eq("_id", keyId), eq("revoked_at", null)), set("revoked_at", Date.from(now)))
            .getModifiedCount()
        == 1;
  }

  /** The grant of a well-formed, known, unrevoked key whose secret matches; empty otherwise. */
  public Optional<Grant> verify(String presentedKey) {
    Matcher m = KEY.matcher(presentedKey);
    if (!m.matches()) {
      return Optional.empty();
    }
    Document record = keys.find(eq("_id", m.group(1))).first();
    if (record == null || record.get("revoked_at") != null) {
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
