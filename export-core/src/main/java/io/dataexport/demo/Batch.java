package io.dataexport.demo;

import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/** Inserts a collection's documents 500 at a time, so a large population is written quickly. */
final class Batch implements AutoCloseable {

  private static final int SIZE = 500;

  private final MongoCollection<Document> collection;
  private final List<Document> pending = new ArrayList<>();

  Batch(MongoCollection<Document> collection) {
    this.collection = collection;
  }

  void add(Document document) {
    pending.add(document);
    if (pending.size() == SIZE) {
      flush();
    }
  }

  void flush() {
    if (!pending.isEmpty()) {
      collection.insertMany(List.copyOf(pending));
      pending.clear();
    }
  }

  @Override
  public void close() {
    flush();
  }
}
