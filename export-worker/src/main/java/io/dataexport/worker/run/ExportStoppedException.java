package io.dataexport.worker.run;

/** The running export must stop: the job is no longer this worker's, or the worker shuts down. */
class ExportStoppedException extends RuntimeException {

  enum Why {
    /** Cancelled, or the lease lapsed and the job moved on: write nothing more. */
    NO_LONGER_OURS,
    /** The worker shuts down: hand the job back. */
    SHUTDOWN
  }

  private final Why why;

  ExportStoppedException(String uid, Why why) {
    super("export " + uid + " stopped: " + why, null, false, false);
    this.why = why;
  }

  Why why() {
    return why;
  }
}
