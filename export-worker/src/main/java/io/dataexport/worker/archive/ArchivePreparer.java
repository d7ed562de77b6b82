package io.dataexport.worker.archive;

import io.dataexport.export.ExportJob;
import java.io.IOException;

/**
 * Reads everything one kind of export's archive holds into a spool (see {@link SpooledArchive}).
 */
public interface ArchivePreparer {

  /**
   * @param progress told of every record read; a report may throw to abandon the export
   */
  SpooledArchive prepare(ExportJob job, WriteProgress progress) throws IOException;
}
