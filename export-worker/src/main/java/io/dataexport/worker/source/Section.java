package io.dataexport.worker.source;

import io.dataexport.catalog.EnterpriseScope;

/**
 * One JSON file of the archive and where its records come from: an entry of the source-data catalog
 * ({@link Sections}). Only the fields of {@code fields} ever leave, and {@link SecretFields}
 * removes secret-named ones at every depth on top of that.
 *
 * @param entryName the archive entry, e.g. {@code session_info.json}
 * @param collection the MongoDB collection the records are read from
 * @param userField the field naming the record's user ({@code _id} for the user itself), or null
 *     for a section whose records belong to the user only through {@code follows}
 * @param timeField the creation time the export's time bounds apply to, or null if none apply
 * @param softDeleteField the flag {@code include_deleted} governs, or null if the records have none
 * @param scope which of the user's records belong to the exporting enterprise, or null when the
 *     section follows another that already applied it (or is the user itself)
 * @param sessionField the field naming the record's session, by which {@code CUSTOM_SESSION_IDS}
 *     narrows the section; null if the section has none
 * @param follows when set, a record is exported only with a record of another section
 * @param fields the allow-list
 * @param rule what is particular to this section, {@link SectionRule#NONE} mostly
 */
public record Section(
    String entryName,
    String collection,
    String userField,
    String timeField,
    String softDeleteField,
    EnterpriseScope scope,
    String sessionField,
    Follows follows,
    FieldAllowList fields,
    SectionRule rule) {

  /**
   * A record of this section goes exactly when a record of {@code parent} the export carries has
   * {@code parentField} equal to this record's {@code field}: a file with its session, a team with
   * the user's relation to it.
   */
  public record Follows(Section parent, String parentField, String field) {}
}
