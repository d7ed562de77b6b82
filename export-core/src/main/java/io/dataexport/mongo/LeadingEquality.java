package io.dataexport.mongo;

import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.codecs.BsonValueCodecProvider;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * A query that leads with an equality on one field, the other conditions under {@code $and}: {@code
 * {user_id: "u", $and: [...]}}. The embedded MongoDB-wire server (mongo-java-server) uses a
 * single-field index only when the query document names that field at its top level with an
 * equality; {@code Filters.and(...)} writes {@code {$and: [...]}}, which it answers by scanning the
 * whole collection. A real mongod plans both shapes alike.
 */
public final class LeadingEquality {

  private static final CodecRegistry CODECS =
      CodecRegistries.fromRegistries(
          com.mongodb.MongoClientSettings.getDefaultCodecRegistry(),
          CodecRegistries.fromProviders(new BsonValueCodecProvider()));

  private LeadingEquality() {}

  public static Bson filter(String field, BsonValue value, List<Bson> rest) {
    BsonDocument query = new BsonDocument(field, value);
    if (!rest.isEmpty()) {
      BsonArray and = new BsonArray();
      rest.forEach(condition -> and.add(condition.toBsonDocument(BsonDocument.class, CODECS)));
      query.append("$and", and);
    }
    return query;
  }

  public static Bson filter(String field, String value, List<Bson> rest) {
    return filter(field, new org.bson.BsonString(value), rest);
  }
}
