package io.dataexport.worker.run;

/** The export left PROCESSING while it ran (cancelled, or failed by the sweeper): stop work. */
class ExportCancelledException extends RuntimeException {
  ExportCancelledException(String uid) {
    super("export " + uid + " is no longer processing");
  }
}
