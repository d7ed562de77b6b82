package io.dataexport.demo;

import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;

/**
 * Secrets planted in the source data, each a value starting with {@link #PREFIX} under a field no
 * archive may carry, at every depth: top-level fields, nested documents, documents inside arrays,
 * and beside fields that may leave. No byte of any archive may ever contain the prefix.
 */
public final class Canaries {

  public static final String PREFIX = "CANARY-SECRET-";

  private final boolean enabled;
  private final Set<String> places = new TreeSet<>();
  private long counter;

  Canaries(boolean enabled) {
    this.enabled = enabled;
  }

  /** Puts a canary under {@code field} of {@code document}; {@code place} names where it is. */
  Document plant(Document document, String field, String place) {
    if (enabled) {
      places.add(place);
      document.append(field, PREFIX + place + "-" + counter++);
    }
    return document;
  }

  /** A canary value (for a document built by the caller), or null when canaries are off. */
  String value(String place) {
    if (!enabled) {
      return null;
    }
    places.add(place);
    return PREFIX + place + "-" + counter++;
  }

  /** Where canaries were planted, e.g. {@code sessions.events[].tool_call.arguments.auth_token}. */
  public Set<String> places() {
    return Set.copyOf(places);
  }
}
