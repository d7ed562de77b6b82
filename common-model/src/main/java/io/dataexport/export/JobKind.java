package io.dataexport.export;

/**
 * What an export job exports. Both kinds run on the same pipeline — outbox, Kafka, claim, lease,
 * retry, retention — and differ in their subject and their archive.
 */
public enum JobKind {
  /** One user's data as the enterprise may export it: a ZIP (docs/archive-format.md). */
  USER_DATA("zip", "application/zip"),

  /**
   * The enterprise's own operational data: one JSON document that leads with its coverage manifest
   * (docs/workspace-export.md). At most one per enterprise is pending or running.
   */
  WORKSPACE("json", "application/json");

  private final String archiveExtension;
  private final String contentType;

  JobKind(String archiveExtension, String contentType) {
    this.archiveExtension = archiveExtension;
    this.contentType = contentType;
  }

  public String archiveExtension() {
    return archiveExtension;
  }

  public String contentType() {
    return contentType;
  }

  /** The wire name in events and documents: {@code user_data}, {@code workspace}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static JobKind fromWireName(String wireName) {
    return wireName == null ? USER_DATA : valueOf(wireName.toUpperCase(java.util.Locale.ROOT));
  }
}
