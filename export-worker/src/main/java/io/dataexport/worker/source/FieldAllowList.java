package io.dataexport.worker.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * The fields of a section's records that may leave, nested ones included: {@code "events.text"}
 * lets the {@code text} of each event out and nothing else of it; a path that ends at a nested
 * document or array ({@code "settings"}) lets its whole value out, still subject to {@link
 * SecretFields}. A field named by no path is dropped at every depth, so a field the platform adds
 * later never leaves until it is listed here.
 */
public final class FieldAllowList {

  private final Map<String, FieldAllowList> children;

  private FieldAllowList(Map<String, FieldAllowList> children) {
    this.children = children;
  }

  /** Dotted paths, e.g. {@code "_id", "events.type", "events.at"}. */
  public static FieldAllowList of(String... paths) {
    FieldAllowList root = new FieldAllowList(new LinkedHashMap<>());
    for (String path : paths) {
      FieldAllowList node = root;
      for (String segment : path.split("\\.")) {
        node =
            node.children.computeIfAbsent(segment, s -> new FieldAllowList(new LinkedHashMap<>()));
      }
    }
    return root;
  }

  /** The top-level fields, for a projection: the rest of a document is never read. */
  public List<String> topLevel() {
    return List.copyOf(children.keySet());
  }

  /**
   * The fields allowed directly below this point, in the allow-list's order, each with what may
   * leave of it.
   */
  Map<String, FieldAllowList> fields() {
    return java.util.Collections.unmodifiableMap(children);
  }

  /** Whether every value below this point may leave (a path ended here). */
  boolean wholeValue() {
    return children.isEmpty();
  }

  /** A copy of {@code record} holding only the allowed fields, at every depth. */
  public Document filter(Document record) {
    Document kept = new Document();
    for (Map.Entry<String, FieldAllowList> field : children.entrySet()) {
      if (record.containsKey(field.getKey())) {
        kept.put(field.getKey(), field.getValue().keep(record.get(field.getKey())));
      }
    }
    return kept;
  }

  private Object keep(Object value) {
    if (wholeValue()) {
      return value;
    }
    if (value instanceof Document nested) {
      return filter(nested);
    }
    if (value instanceof List<?> list) {
      List<Object> kept = new ArrayList<>(list.size());
      for (Object element : list) {
        // nested paths describe documents; a scalar where a document was expected is not shown
        if (element instanceof Document || element instanceof List<?>) {
          kept.add(keep(element));
        }
      }
      return kept;
    }
    // a scalar where the allow-list expects nested fields: nothing of it is allowed
    return null;
  }
}
