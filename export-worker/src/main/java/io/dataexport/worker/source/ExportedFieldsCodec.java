package io.dataexport.worker.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonReader;
import org.bson.BsonType;
import org.bson.BsonValue;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.codecs.BsonValueCodec;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.bson.codecs.configuration.CodecRegistry;

/**
 * Decodes a section's records straight into what may leave: the document {@link
 * FieldAllowList#filter} and then {@link SecretFields#scrub} would make of the driver's decoding,
 * equal field for field and in the same order, but built once. A field the allow-list does not name
 * and a secret-named field are skipped in the BSON, never decoded. Decoding every event of a
 * session into a map and then copying the map through the allow-list was three quarters of the
 * worker's time in a JSON-heavy export.
 *
 * <p>Values decode as the registry's own document codec decodes them: the common types (strings,
 * numbers, booleans, dates, object ids, null) directly, any other (binaries and UUIDs, decimals,
 * timestamps, …) by handing that codec a one-field document. Encoding (a query's documents) is the
 * registry's.
 */
final class ExportedFieldsCodec implements Codec<Document> {

  /** A field present with a null value is kept as null; one absent stays absent. */
  private static final Object ABSENT = new Object();

  private static final BsonValueCodec BSON_VALUES = new BsonValueCodec();

  private final Level root;
  private final Codec<Document> driverDocuments;

  /**
   * @param registry the collection's registry, whose document codec encodes and decodes the BSON
   *     types other than documents, arrays and the common scalars
   */
  ExportedFieldsCodec(FieldAllowList fields, CodecRegistry registry) {
    this.root = new Level(fields);
    this.driverDocuments = registry.get(Document.class);
  }

  @Override
  public Document decode(BsonReader reader, DecoderContext context) {
    return allowed(reader, root, context);
  }

  @Override
  public void encode(BsonWriter writer, Document value, EncoderContext context) {
    driverDocuments.encode(writer, value, context);
  }

  @Override
  public Class<Document> getEncoderClass() {
    return Document.class;
  }

  /** The current document's allowed, non-secret fields, in the allow-list's order. */
  private Document allowed(BsonReader reader, Level level, DecoderContext context) {
    Object[] values = new Object[level.names.length];
    Arrays.fill(values, ABSENT);
    reader.readStartDocument();
    while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
      String name = reader.readName();
      Integer slot = level.slots.get(name);
      if (slot == null || SecretFields.isSecret(name)) {
        reader.skipValue();
      } else {
        Level below = level.below[slot];
        values[slot] = below == null ? whole(reader, context) : nested(reader, below, context);
      }
    }
    reader.readEndDocument();
    Document document = new Document();
    for (int slot = 0; slot < values.length; slot++) {
      if (values[slot] != ABSENT) {
        document.put(level.names[slot], values[slot]);
      }
    }
    return document;
  }

  /**
   * A value the allow-list names nested fields of: a document keeps those; an array keeps its
   * documents and arrays so filtered; a scalar is not shown (null), nor is a scalar in an array.
   */
  private Object nested(BsonReader reader, Level level, DecoderContext context) {
    BsonType type = reader.getCurrentBsonType();
    if (type == BsonType.DOCUMENT) {
      return allowed(reader, level, context);
    }
    if (type == BsonType.ARRAY) {
      List<Object> kept = new ArrayList<>();
      reader.readStartArray();
      while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
        BsonType element = reader.getCurrentBsonType();
        if (element == BsonType.DOCUMENT || element == BsonType.ARRAY) {
          kept.add(nested(reader, level, context));
        } else {
          reader.skipValue();
        }
      }
      reader.readEndArray();
      return kept;
    }
    reader.skipValue();
    return null;
  }

  /** A value that leaves whole, but for secret-named fields at any depth. */
  private Object whole(BsonReader reader, DecoderContext context) {
    switch (reader.getCurrentBsonType()) {
      case DOCUMENT -> {
        Document document = new Document();
        reader.readStartDocument();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
          String name = reader.readName();
          if (SecretFields.isSecret(name)) {
            reader.skipValue();
          } else {
            document.put(name, whole(reader, context));
          }
        }
        reader.readEndDocument();
        return document;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        reader.readStartArray();
        while (reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
          list.add(whole(reader, context));
        }
        reader.readEndArray();
        return list;
      }
      case STRING -> {
        return reader.readString();
      }
      case INT32 -> {
        return reader.readInt32();
      }
      case INT64 -> {
        return reader.readInt64();
      }
      case DOUBLE -> {
        return reader.readDouble();
      }
      case BOOLEAN -> {
        return reader.readBoolean();
      }
      case DATE_TIME -> {
        return new Date(reader.readDateTime());
      }
      case OBJECT_ID -> {
        return reader.readObjectId();
      }
      case NULL -> {
        reader.readNull();
        return null;
      }
      default -> {
        return asTheDriverDecodes(reader, context);
      }
    }
  }

  /** The current value as the driver's document codec decodes it, whatever its BSON type. */
  private Object asTheDriverDecodes(BsonReader reader, DecoderContext context) {
    BsonValue value = BSON_VALUES.decode(reader, context);
    return driverDocuments
        .decode(new BsonDocumentReader(new BsonDocument("v", value)), context)
        .get("v");
  }

  /** One level of the allow-list, indexed for decoding. */
  private static final class Level {
    final String[] names;
    final Map<String, Integer> slots = new HashMap<>();

    /** What is allowed below each field; null where the field leaves whole. */
    final Level[] below;

    Level(FieldAllowList fields) {
      Map<String, FieldAllowList> children = fields.fields();
      names = children.keySet().toArray(String[]::new);
      below = new Level[names.length];
      for (int slot = 0; slot < names.length; slot++) {
        slots.put(names[slot], slot);
        FieldAllowList child = children.get(names[slot]);
        below[slot] = child.wholeValue() ? null : new Level(child);
      }
    }
  }
}
