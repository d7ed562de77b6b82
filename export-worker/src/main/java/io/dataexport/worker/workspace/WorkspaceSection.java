package io.dataexport.worker.workspace;

import io.dataexport.export.ExportJob;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * One section of a workspace export: a name in the archive and its records, each already reduced to
 * the fields that may leave (an allow-list, then the secret deny-list at every depth).
 */
interface WorkspaceSection {

  /** The section's key in the archive and its name in the coverage manifest. */
  String name();

  /** A section of exactly one record is written as that object rather than as an array. */
  default boolean singleRecord() {
    return false;
  }

  /**
   * Hands every record of {@code job}'s enterprise to {@code each}, in a stable order, one at a
   * time; memory holds one record whatever the section's size.
   */
  void read(ExportJob job, Consumer<Document> each);
}
