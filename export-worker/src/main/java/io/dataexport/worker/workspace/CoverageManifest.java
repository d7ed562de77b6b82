package io.dataexport.worker.workspace;

import java.time.Instant;
import java.util.List;
import tools.jackson.core.JsonGenerator;

/**
 * What a workspace archive leads with: when it was made, of which enterprise, and for every section
 * how many records it holds and whether a cap cut it — so completeness is checked, not assumed.
 */
record CoverageManifest(
    Instant generatedAt, String exportId, String enterpriseUid, List<SectionCoverage> sections) {

  static final int FORMAT_VERSION = 1;

  /** What a workspace archive never holds, whatever the data; stated in every manifest. */
  static final List<String> EXCLUDED =
      List.of(
          "secrets at any depth: API key secrets and their hashes, tokens, passwords, credentials,"
              + " private keys, cookies",
          "members' personal content (sessions, files, knowledge, notifications, settings): each"
              + " member's own export carries it; member_data counts what it would hold",
          "records not tagged with this enterprise: they belong to it only while their author was"
              + " a member, which each member's export decides");

  void write(JsonGenerator json) {
    json.writeStartObject();
    json.writeNumberProperty("formatVersion", FORMAT_VERSION);
    json.writeStringProperty("generatedAt", generatedAt.toString());
    json.writeStringProperty("exportId", exportId);
    json.writeStringProperty("enterpriseUid", enterpriseUid);
    json.writeName("sections");
    json.writeStartArray();
    for (SectionCoverage section : sections) {
      json.writeStartObject();
      json.writeStringProperty("name", section.name());
      json.writeNumberProperty("recordCount", section.recordCount());
      json.writeBooleanProperty("capped", section.capped());
      json.writeNumberProperty("leftOut", section.leftOut());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeName("excluded");
    json.writeStartArray();
    EXCLUDED.forEach(json::writeString);
    json.writeEndArray();
    json.writeEndObject();
  }
}
