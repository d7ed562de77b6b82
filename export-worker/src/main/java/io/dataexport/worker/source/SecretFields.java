package io.dataexport.worker.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bson.Document;

/**
 * The last line behind the allow-lists: a field whose name looks like a secret is removed from
 * every record at every depth, inside arrays too, whatever a section's allow-list says (an
 * allow-listed {@code settings} may hold an {@code api_key} someone added later). Names are
 * compared ignoring case, {@code _}, {@code -} and {@code .}, and match when they contain one of
 * the markers: {@code accessToken}, {@code refresh_token}, {@code github-token}, {@code
 * password_hash}, {@code client_secret}, {@code x-api-key}, {@code privateKey}, {@code set_cookie}.
 * A field merely named {@code key} or {@code tokens_used} would be too: a count lost from an export
 * is better than a secret leaked.
 */
public final class SecretFields {

  /** Markers, written as normalised names (lower case, no separators). */
  static final List<String> MARKERS =
      List.of(
          "token",
          "secret",
          "password",
          "passwd",
          "pwd",
          "passphrase",
          "apikey",
          "credential",
          "privatekey",
          "secretkey",
          "accesskey",
          "signingkey",
          "cookie",
          "authorization",
          "bearer");

  // A record's field names repeat in every record and nested value: judge each name once (a
  // session of a dozen events has some fifty names; an export, millions of lookups).
  private static final Map<String, Boolean> JUDGED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_JUDGED = 10_000;

  private SecretFields() {}

  public static boolean isSecret(String fieldName) {
    Boolean judged = JUDGED.get(fieldName);
    if (judged != null) {
      return judged;
    }
    boolean secret = judge(fieldName);
    if (JUDGED.size() < MAX_JUDGED) {
      JUDGED.put(fieldName, secret);
    }
    return secret;
  }

  private static boolean judge(String fieldName) {
    String normal = fieldName.toLowerCase(Locale.ROOT).replaceAll("[_\\-.\\s]", "");
    for (String marker : MARKERS) {
      if (normal.contains(marker)) {
        return true;
      }
    }
    return false;
  }

  /** {@code record} without any secret-named field, at any depth. Changes it in place. */
  public static Document scrub(Document record) {
    record.entrySet().removeIf(field -> isSecret(field.getKey()));
    for (Map.Entry<String, Object> field : record.entrySet()) {
      field.setValue(scrubValue(field.getValue()));
    }
    return record;
  }

  private static Object scrubValue(Object value) {
    if (value instanceof Document nested) {
      return scrub(nested);
    }
    if (value instanceof Map<?, ?> map) {
      return scrub(new Document(stringKeys(map)));
    }
    if (value instanceof List<?> list) {
      List<Object> clean = new ArrayList<>(list.size());
      list.forEach(element -> clean.add(scrubValue(element)));
      return clean;
    }
    return value;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Document document = new Document();
    map.forEach((k, v) -> document.put(String.valueOf(k), v));
    return document;
  }
}
