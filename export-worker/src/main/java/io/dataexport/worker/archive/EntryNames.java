package io.dataexport.worker.archive;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Entry names made from user data (file names, ids) that unpack inside the archive's folder on
 * Linux, macOS and Windows alike: one path segment per name (no absolute paths, no {@code ..}), no
 * control or bidirectional-override characters, no characters Windows refuses, Unicode NFC (what
 * macOS would otherwise re-normalise) and kept, at most {@link #MAX_SEGMENT_BYTES} UTF-8 bytes a
 * segment, and unique ignoring case, so no entry overwrites another where names fold case. One
 * instance per archive.
 */
final class EntryNames {

  /**
   * File systems allow 255 bytes a name; the rest leaves room for a prefix that makes it unique.
   */
  static final int MAX_SEGMENT_BYTES = 200;

  private static final int MAX_EXTENSION_BYTES = 16;
  // C0/C1 controls, bidi overrides and isolates, line/paragraph separators, and what Windows
  // refuses in a name (the separators themselves are cut before)
  private static final Pattern UNSAFE =
      Pattern.compile(
          "[\\p{Cc}\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\u2028\\u2029<>:\"|?*]");
  private static final Pattern WINDOWS_DEVICE =
      Pattern.compile("(?i)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\\..*)?");

  private final Set<String> taken = new HashSet<>();

  /** Reserves a name the writer itself chose (the manifest, a section), so no file can take it. */
  void reserve(String entryName) {
    taken.add(key(entryName));
  }

  /**
   * {@code <folder>/<name>} made safe and not yet taken; on a clash the file's id goes before the
   * name, then a number.
   */
  String unique(String folder, String name, String id) {
    String safeFolder = safeFolder(folder);
    String safeName = safeSegment(name);
    String entry = safeFolder + "/" + safeName;
    String idPrefix = safeSegment(id);
    for (int attempt = 1; !taken.add(key(entry)); attempt++) {
      String prefix = attempt == 1 ? idPrefix + "_" : idPrefix + "_" + attempt + "_";
      entry = safeFolder + "/" + truncate(prefix + safeName);
    }
    return entry;
  }

  static String safeFolder(String folder) {
    StringBuilder safe = new StringBuilder();
    for (String segment : (folder == null ? "" : folder).split("[/\\\\]")) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        continue;
      }
      safe.append(safe.length() == 0 ? "" : "/").append(safeSegment(segment));
    }
    return safe.length() == 0 ? "files" : safe.toString();
  }

  /** The last segment of {@code raw} (whatever separator it used), made safe. */
  static String safeSegment(String raw) {
    String name = raw == null ? "" : Normalizer.normalize(raw, Normalizer.Form.NFC);
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = UNSAFE.matcher(name).replaceAll("_").strip();
    // Windows drops trailing dots and spaces, which would make two names one
    while (name.endsWith(".") || name.endsWith(" ")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.isEmpty()) {
      return "unnamed";
    }
    if (WINDOWS_DEVICE.matcher(name).matches()) {
      name = "_" + name;
    }
    return truncate(name);
  }

  /** At most {@link #MAX_SEGMENT_BYTES} UTF-8 bytes, cut between code points, extension kept. */
  static String truncate(String name) {
    if (utf8Length(name) <= MAX_SEGMENT_BYTES) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String extension =
        dot > 0 && utf8Length(name.substring(dot)) <= MAX_EXTENSION_BYTES
            ? name.substring(dot)
            : "";
    String stem = extension.isEmpty() ? name : name.substring(0, dot);
    int budget = MAX_SEGMENT_BYTES - utf8Length(extension);
    StringBuilder cut = new StringBuilder();
    int used = 0;
    for (int i = 0; i < stem.length(); ) {
      int codePoint = stem.codePointAt(i);
      int size = utf8Length(new String(Character.toChars(codePoint)));
      if (used + size > budget) {
        break;
      }
      cut.appendCodePoint(codePoint);
      used += size;
      i += Character.charCount(codePoint);
    }
    return cut + extension;
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** What two names share when a file system folds case. */
  private static String key(String entryName) {
    return entryName.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }
}
