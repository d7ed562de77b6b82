package io.dataexport.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.export.ExportJob;
import io.dataexport.export.ExportSubject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The events as the services serialize them match the JSON Schemas published for consumers. */
class EventSchemasTest {

  private static final Path SCHEMAS = Path.of("..", "docs", "events");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static Schema schema(String file) throws IOException {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.readString(SCHEMAS.resolve(file)));
  }

  @Test
  void exportRequestedMatchesItsSchema() throws IOException {
    ExportRequested event =
        ExportRequested.of(
            ExportSubject.user("ent_1", "123e4567-e89b-12d3-a456-426614174000"),
            "exp_0123456789abcdef0123456789abcdef",
            "req_1",
            Instant.parse("2026-01-01T00:00:00Z"));
    String json = EventJson.write(event);

    assertThat(schema("export-requested.v1.schema.json").validate(JSON.readTree(json))).isEmpty();
    assertThat(JSON.readTree(json).get("requested_at").asString())
        .isEqualTo("2026-01-01T00:00:00Z");
    assertThat(EventJson.read(json, ExportRequested.class)).isEqualTo(event);
  }

  @Test
  void aWorkspaceExportRequestNamesNoUserAndItsSchemaSaysSo() throws IOException {
    ExportRequested event =
        ExportRequested.of(
            ExportSubject.workspace("ent_1"),
            "exp_0123456789abcdef0123456789abcdef",
            "req_1",
            Instant.parse("2026-01-01T00:00:00Z"));
    ObjectNode json = (ObjectNode) JSON.readTree(EventJson.write(event));
    Schema schema = schema("export-requested.v1.schema.json");

    assertThat(schema.validate(json)).isEmpty();
    assertThat(json.has("user_id")).isFalse();
    assertThat(json.get("export_kind").asString()).isEqualTo("workspace");
    assertThat(event.key()).isEqualTo("ent_1#workspace");
    assertThat(EventJson.read(json.toString(), ExportRequested.class).subject())
        .isEqualTo(ExportSubject.workspace("ent_1"));

    json.put("user_id", "123e4567-e89b-12d3-a456-426614174000");
    assertThat(schema.validate(json)).as("a workspace export names no user").isNotEmpty();
    json.remove("export_kind");
    assertThat(schema.validate(json)).isEmpty();
    json.remove("user_id");
    assertThat(schema.validate(json)).as("a user export must name its user").isNotEmpty();
  }

  @Test
  void auditEventMatchesItsSchemaAndAnIncompleteOneDoesNot() throws IOException {
    AuditEvent event =
        AuditEvent.of(
            "/dataexport/api-gateway",
            Instant.parse("2026-01-01T00:00:00Z"),
            new AuditEvent.Data(
                1,
                "export.create",
                "succeeded",
                null,
                "ent_1",
                "key1",
                "ADMIN",
                "127.0.0.1",
                "exp_1",
                "123e4567-e89b-12d3-a456-426614174000",
                "legal hold",
                "req_1"));
    ObjectNode json = (ObjectNode) JSON.readTree(EventJson.write(event));
    Schema schema = schema("audit-event.v1.schema.json");

    assertThat(schema.validate(json)).isEmpty();
    assertThat(json.get("type").asString()).isEqualTo("io.dataexport.audit.export.create");
    assertThat(json.get("data").has("error_code")).as("nulls are left out").isFalse();

    json.remove("specversion");
    assertThat(schema.validate(json)).isNotEmpty();
  }

  @Test
  void auditDigestMatchesItsSchemaAndAnUnsignedOneDoesNot() throws IOException {
    AuditDigest.Data data =
        new AuditDigest.Data(
            1,
            Topics.AUDIT,
            2,
            10,
            14,
            4,
            "a".repeat(64),
            "b".repeat(64),
            "c".repeat(64),
            "audit-1",
            "c2lnbmF0dXJl");
    AuditDigest digest =
        AuditDigest.of("/dataexport/export-worker", Instant.parse("2026-01-01T00:00:00Z"), data);
    ObjectNode json = (ObjectNode) JSON.readTree(EventJson.write(digest));
    Schema schema = schema("audit-digest.v1.schema.json");

    assertThat(schema.validate(json)).isEmpty();
    assertThat(json.get("subject").asString()).isEqualTo(Topics.AUDIT + "/2");

    ((ObjectNode) json.get("data")).remove("signature");
    assertThat(schema.validate(json)).isNotEmpty();
  }

  /**
   * docs/events/examples holds one example per event type, named by its operation: each one is
   * valid under its schema, and no type of the audit schema lacks one.
   */
  @Test
  void everyEventTypeHasAnExampleThatItsSchemaAccepts() throws IOException {
    Path examples = SCHEMAS.resolve("examples");
    Schema audit = schema("audit-event.v1.schema.json");
    List<String> types = new ArrayList<>();
    JSON.readTree(Files.readString(SCHEMAS.resolve("audit-event.v1.schema.json")))
        .get("properties")
        .get("type")
        .get("enum")
        .forEach(type -> types.add(type.asString()));

    for (String type : types) {
      String operation = type.substring(AuditEvent.TYPE_PREFIX.length());
      var example = JSON.readTree(Files.readString(examples.resolve(operation + ".json")));
      assertThat(audit.validate(example)).as(operation).isEmpty();
      assertThat(example.get("type").asString()).as(operation).isEqualTo(type);
      assertThat(example.get("data").get("operation").asString()).isEqualTo(operation);
    }
    assertThat(
            schema("audit-digest.v1.schema.json")
                .validate(JSON.readTree(Files.readString(examples.resolve("digest.v1.json")))))
        .isEmpty();
    assertThat(
            schema("export-requested.v1.schema.json")
                .validate(
                    JSON.readTree(Files.readString(examples.resolve("export-requested.v1.json")))))
        .isEmpty();
    try (var files = Files.list(examples)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("no example of a type the schemas do not have")
          .hasSize(types.size() + 2);
    }
  }

  @Test
  void aCompletionEventCarriesTheArchivesDigestAndSizeAndMatchesItsSchema() throws IOException {
    ExportJob job =
        ExportJob.pending(
            "exp_1",
            "ent_1",
            "123e4567-e89b-12d3-a456-426614174000",
            new ExportJob.ExportFilters(
                EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_TASKS,
                false,
                true,
                null,
                null,
                List.of(),
                List.of(),
                List.of()),
            "audit",
            "key1",
            "req_1",
            Instant.parse("2026-01-01T00:00:00Z"));
    String sha256 = "ab".repeat(32);
    ExportJob.ArchiveRef archive =
        new ExportJob.ArchiveRef(
            "exports/ent_1/exp_1.zip",
            4_294_967_296L + 7,
            sha256,
            Instant.parse("2026-02-01T00:00:00Z"));
    AuditEvent event =
        AuditEvent.of(
            "/dataexport/export-worker",
            Instant.parse("2026-01-01T00:01:00Z"),
            AuditEvent.Data.forJob(
                job, JobOperation.COMPLETED, "succeeded", null, null, null, archive));
    ObjectNode json = (ObjectNode) JSON.readTree(EventJson.write(event));

    assertThat(schema("audit-event.v1.schema.json").validate(json)).isEmpty();
    assertThat(json.get("data").get("archive_sha256").asString()).isEqualTo(sha256);
    assertThat(json.get("data").get("archive_size_bytes").asLong()).isEqualTo(4_294_967_303L);

    ((ObjectNode) json.get("data")).put("archive_sha256", "not a digest");
    assertThat(schema("audit-event.v1.schema.json").validate(json)).isNotEmpty();
  }
}
