package io.dataexport.worker.source;

import java.util.List;

/**
 * One JSON file of the archive and where its records come from. Only the {@code fields} listed are
 * read, so a secret added to a source collection later can never leak into an archive.
 *
 * @param userField the field that names the record's owner ({@code _id} for the user itself)
 * @param timeField the creation time the export's time bounds apply to, or null if none apply
 * @param sessionField the field naming the record's session, by which CUSTOM_SESSION_IDS narrows
 *     the section; null if the section has none
 * @param softDeletable whether records carry a {@code deleted} flag that include_deleted governs
 */
public record Section(
    String entryName,
    String collection,
    String userField,
    String timeField,
    String sessionField,
    boolean softDeletable,
    List<String> fields) {}
