package io.dataexport.worker.archive;

import java.util.Locale;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * STORED for files whose format is already compressed (deflating them again costs CPU and gains
 * nothing, often a few bytes more), DEFLATED for everything else: JSON, text, unknown types.
 */
final class EntryMethods {

  private static final Set<String> ALREADY_COMPRESSED =
      Set.of(
          // archives and compressed streams
          "zip",
          "gz",
          "tgz",
          "bz2",
          "tbz2",
          "xz",
          "txz",
          "7z",
          "rar",
          "zst",
          "lz4",
          "lzma",
          "br",
          "jar",
          "apk",
          "whl",
          "epub",
          // images
          "png",
          "jpg",
          "jpeg",
          "gif",
          "webp",
          "heic",
          "heif",
          "avif",
          "jxl",
          // audio and video
          "mp3",
          "mp4",
          "m4a",
          "m4v",
          "mov",
          "avi",
          "mkv",
          "webm",
          "ogg",
          "oga",
          "ogv",
          "opus",
          "flac",
          "aac",
          "wma",
          "wmv",
          // documents that are ZIPs or compressed inside
          "pdf",
          "docx",
          "xlsx",
          "pptx",
          "odt",
          "ods",
          "odp",
          "key",
          "pages",
          "numbers",
          // fonts
          "woff",
          "woff2");

  private EntryMethods() {}

  /** {@link ZipArchiveEntry#STORED} or {@link ZipArchiveEntry#DEFLATED} for an entry so named. */
  static int forName(String entryName) {
    int slash = entryName.lastIndexOf('/');
    int dot = entryName.lastIndexOf('.');
    if (dot <= slash + 1) {
      return ZipArchiveEntry.DEFLATED;
    }
    String extension = entryName.substring(dot + 1).toLowerCase(Locale.ROOT);
    return ALREADY_COMPRESSED.contains(extension)
        ? ZipArchiveEntry.STORED
        : ZipArchiveEntry.DEFLATED;
  }
}
