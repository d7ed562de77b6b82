package io.dataexport.worker.archive;

/**
 * What the archive writer reports while it works. Each call is also a checkpoint: it may throw to
 * abandon the export (cancelled, or the worker lost the job).
 */
public interface WriteProgress {

  /** The archive will have this many sections (attached files count as one). */
  void sectionsPlanned(int sections);

  /** One record (or attached file) was read into the archive. */
  void recordWritten();

  /** A section is complete. */
  void sectionDone();
}
