package io.dataexport.worker.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import org.bson.Document;

/**
 * Records that go with a parent record (a file with its session), kept only where the parent is
 * exported, when the parents are too many to hold: the records are read a batch at a time, and for
 * each batch the source is asked which of the parents the batch names are exported. Memory holds
 * one batch, whatever the number of parents.
 */
final class ParentsCheckedInBatches implements SourceCursor<Document> {

  private final SourceCursor<Document> records;
  private final String parentField;
  private final int batchSize;
  private final Function<Set<String>, Set<String>> exportedParents;
  private final ArrayDeque<Document> ready = new ArrayDeque<>();

  /**
   * @param records the records, unchecked
   * @param parentField the field of a record that names its parent
   * @param batchSize records checked with one question
   * @param exportedParents of the parent values given, those whose parent is exported
   */
  ParentsCheckedInBatches(
      SourceCursor<Document> records,
      String parentField,
      int batchSize,
      Function<Set<String>, Set<String>> exportedParents) {
    this.records = records;
    this.parentField = parentField;
    this.batchSize = batchSize;
    this.exportedParents = exportedParents;
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty() && records.hasNext()) {
      checkNextBatch();
    }
    return !ready.isEmpty();
  }

  private void checkNextBatch() {
    List<Document> batch = new ArrayList<>(batchSize);
    Set<String> named = new HashSet<>();
    while (batch.size() < batchSize && records.hasNext()) {
      Document record = records.next();
      batch.add(record);
      Object parent = record.get(parentField);
      if (parent != null) {
        named.add(String.valueOf(parent));
      }
    }
    Set<String> exported = named.isEmpty() ? Set.of() : exportedParents.apply(named);
    for (Document record : batch) {
      Object parent = record.get(parentField);
      if (parent != null && exported.contains(String.valueOf(parent))) {
        ready.add(record);
      }
    }
  }

  @Override
  public Document next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  @Override
  public void close() {
    records.close();
  }
}
