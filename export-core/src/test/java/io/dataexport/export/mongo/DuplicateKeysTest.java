package io.dataexport.export.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.dataexport.mongo.InMemoryMongo;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job store tells its per-user rules apart by the name of the unique index a write hit, so the
 * name must be read from both servers' E11000 messages: the embedded one of the tests and MongoDB.
 */
class DuplicateKeysTest {

  /** How MongoDB (4.2 and later) words it; the embedded server words it the same way. */
  private static final String MONGODB_MESSAGE =
      "E11000 duplicate key error collection: dataexport.export_jobs index: "
          + "queued_exports_per_user dup key: { queue_slot: \"ent_acme/usr_ada/0\" }";

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  private MongoCollection<Document> slots;

  @BeforeEach
  void uniqueSparseIndex() {
    slots = mongo.freshDatabase().getCollection("slots");
    slots.createIndex(
        Indexes.ascending("slot"),
        new IndexOptions().name("one_per_slot").unique(true).sparse(true));
    slots.insertOne(new Document("_id", "a").append("slot", "s1"));
  }

  @Test
  void anInsertThatHitsAUniqueIndexNamesIt() {
    assertThat(DuplicateKeys.indexOf(() -> slots.insertOne(new Document("slot", "s1"))))
        .contains("one_per_slot");
  }

  @Test
  void anUpdateThatHitsAUniqueIndexNamesIt() {
    slots.insertOne(new Document("_id", "b"));

    assertThatThrownBy(
            () -> slots.findOneAndUpdate(Filters.eq("_id", "b"), Updates.set("slot", "s1")))
        .isInstanceOfSatisfying(
            MongoException.class,
            e -> assertThat(DuplicateKeys.violatedIndex(e)).contains("one_per_slot"));
  }

  @Test
  void documentsWithoutTheFieldNeverCollide() {
    assertThat(DuplicateKeys.indexOf(() -> slots.insertOne(new Document("_id", "b")))).isEmpty();
    assertThat(DuplicateKeys.indexOf(() -> slots.insertOne(new Document("_id", "c")))).isEmpty();
  }

  @Test
  void theIdIndexIsNamedToo() {
    assertThat(DuplicateKeys.indexOf(() -> slots.insertOne(new Document("_id", "a"))))
        .contains("_id_");
  }

  @Test
  void mongoDbsMessagesAreReadForWritesAndCommands() {
    MongoWriteException write =
        new MongoWriteException(
            new WriteError(11000, MONGODB_MESSAGE, new BsonDocument()),
            new ServerAddress(),
            List.of());
    MongoCommandException command =
        new MongoCommandException(
            new BsonDocument("ok", new BsonInt32(0))
                .append("code", new BsonInt32(11000))
                .append("codeName", new BsonString("DuplicateKey"))
                .append("errmsg", new BsonString(MONGODB_MESSAGE)),
            new ServerAddress());

    assertThat(DuplicateKeys.violatedIndex(write)).contains("queued_exports_per_user");
    assertThat(DuplicateKeys.violatedIndex(command)).contains("queued_exports_per_user");
  }

  @Test
  void otherErrorsAreNoDuplicateKeysAndAreRethrown() {
    MongoCommandException badValue =
        new MongoCommandException(
            new BsonDocument("ok", new BsonInt32(0))
                .append("code", new BsonInt32(2))
                .append("errmsg", new BsonString("index: not_this_one")),
            new ServerAddress());

    assertThat(DuplicateKeys.violatedIndex(badValue)).isEmpty();
    assertThatThrownBy(
            () ->
                DuplicateKeys.indexOf(
                    () -> {
                      throw badValue;
                    }))
        .isSameAs(badValue);
  }
}
