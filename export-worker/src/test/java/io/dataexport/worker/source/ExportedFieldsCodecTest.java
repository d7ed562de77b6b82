package io.dataexport.worker.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoDatabase;
import io.dataexport.api.v1.EnterpriseExportScope;
import io.dataexport.demo.Canaries;
import io.dataexport.demo.FileSink;
import io.dataexport.demo.GeneratorKnobs;
import io.dataexport.demo.SourceDataGenerator;
import io.dataexport.mongo.InMemoryMongo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bson.BsonTimestamp;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.UuidRepresentation;
import org.bson.codecs.Codec;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.types.Binary;
import org.bson.types.Code;
import org.bson.types.Decimal128;
import org.bson.types.MaxKey;
import org.bson.types.ObjectId;
import org.bson.types.Symbol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The codec must give, for any record, exactly what the driver's decoding followed by the
 * allow-list and the secret scrub gives: the same fields with the same values, in the same order.
 */
class ExportedFieldsCodecTest {

  /** The driver's registries: UUIDs left binary (its default), and decoded as UUIDs. */
  private static final List<CodecRegistry> REGISTRIES =
      List.of(
          MongoClientSettings.getDefaultCodecRegistry(),
          CodecRegistries.withUuidRepresentation(
              MongoClientSettings.getDefaultCodecRegistry(), UuidRepresentation.STANDARD));

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  @TempDir static Path bucket;

  private final FieldAllowList allowed =
      FieldAllowList.of(
          "_id",
          "title",
          "events.type",
          "events.text",
          "events.tool.args",
          "settings",
          "tags",
          "odd",
          "api_key",
          "missing.inner");

  @Test
  void hostileRecordsDecodeAsTheAllowListAndTheScrubLeaveThem() {
    Document record =
        new Document("odd", oddValues())
            .append("internal", "dropped")
            .append("api_key", "secret, though allow-listed")
            .append("title", null)
            .append(
                "events",
                List.of(
                    new Document("text", "hi")
                        .append("debug", new Document("trace", "dropped"))
                        .append("type", "user_message")
                        .append(
                            "tool",
                            new Document("name", "dropped")
                                .append(
                                    "args",
                                    new Document("q", "kept")
                                        .append("auth_token", "secret")
                                        .append(
                                            "list",
                                            List.of(
                                                new Document("cookie", "secret").append("n", 1),
                                                List.of(new Document("Password", "secret")),
                                                "scalar kept in a whole value")))),
                    "a scalar where an event was expected",
                    List.of(new Document("type", "in a nested array").append("x", "dropped")),
                    new Document("type", 7L).append("text", List.of(1, 2.5, true))))
            .append(
                "settings",
                new Document("theme", "dark")
                    .append("github", new Document("personal_access_token", "secret"))
                    .append("shortcuts", List.of(new Document("webhook_secret", "s"))))
            .append("tags", List.of("a", new Document("k", "v")))
            .append("_id", new ObjectId("65a1b2c3d4e5f60718293a4b"));

    assertDecodesAsFilteredAndScrubbed(record);
    assertDecodesAsFilteredAndScrubbed(
        new Document("events", "scalar").append("settings", List.of()).append("_id", 1));
    assertDecodesAsFilteredAndScrubbed(new Document("events", new Document("type", "one")));
    assertDecodesAsFilteredAndScrubbed(new Document());
  }

  @Test
  void everyGeneratedRecordOfEverySectionDecodesAsTheAllowListAndTheScrubLeaveIt() {
    MongoDatabase db = mongo.freshDatabase();
    new SourceDataGenerator(db, FileSink.directory(bucket), GeneratorKnobs.small()).generate();
    int records = 0;
    for (Section section : Sections.forScope(EnterpriseExportScope.ENTERPRISE_EXPORT_SCOPE_FULL)) {
      ExportedFieldsCodec codec = new ExportedFieldsCodec(section.fields(), db.getCodecRegistry());
      for (RawBsonDocument raw :
          db.getCollection(section.collection(), RawBsonDocument.class)
              .find()
              .into(new ArrayList<>())) {
        Document decoded = raw.decode(codec);
        Document expected =
            SecretFields.scrub(
                section.fields().filter(raw.decode(db.getCodecRegistry().get(Document.class))));
        assertThat(decoded.toJson()).as(section.entryName()).isEqualTo(expected.toJson());
        assertThat(decoded.toJson()).as(section.entryName()).doesNotContain(Canaries.PREFIX);
        records++;
      }
    }
    assertThat(records).as("generated records decoded").isGreaterThan(100);
  }

  private void assertDecodesAsFilteredAndScrubbed(Document record) {
    // stored as a client that writes UUIDs as standard binaries would store it
    RawBsonDocument raw = new RawBsonDocument(record, REGISTRIES.get(1).get(Document.class));
    for (CodecRegistry registry : REGISTRIES) {
      Codec<Document> driver = registry.get(Document.class);

      Document decoded = raw.decode(new ExportedFieldsCodec(allowed, registry));
      Document expected = SecretFields.scrub(allowed.filter(raw.decode(driver)));

      assertThat(decoded).isEqualTo(expected);
      assertThat(decoded.toJson(driver)).as("in the same order").isEqualTo(expected.toJson(driver));
      assertThat(decoded.toJson(driver)).doesNotContain("secret", "dropped");
    }
  }

  /** Values of every kind a record may hold, left whole by the allow-list. */
  private static Document oddValues() {
    return new Document("decimal", Decimal128.parse("1.10"))
        .append("binary", new Binary((byte) 0x80, new byte[] {1, 2, 3}))
        .append("uuid", UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962"))
        .append("timestamp", new BsonTimestamp(1_700_000_000, 3))
        .append("regex", Pattern.compile("^a.*z$"))
        .append("nan", Double.NaN)
        .append("code", new Code("function () {}"))
        .append("symbol", new Symbol("s"))
        .append("max", new MaxKey())
        .append("date", new Date(1_700_000_000_123L))
        .append("long", Long.MAX_VALUE)
        .append("nested", new Document("refresh_token", "secret").append("kept", List.of()));
  }
}
