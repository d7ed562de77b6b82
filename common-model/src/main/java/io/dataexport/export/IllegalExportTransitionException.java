package io.dataexport.export;

import io.dataexport.api.v1.ExportStatus;

/** A state change that {@link ExportLifecycle} does not allow was asked for. */
public class IllegalExportTransitionException extends IllegalStateException {

  private final ExportStatus from;
  private final ExportStatus to;

  public IllegalExportTransitionException(ExportStatus from, ExportStatus to) {
    super("an export cannot go from " + from + " to " + to);
    this.from = from;
    this.to = to;
  }

  public ExportStatus from() {
    return from;
  }

  public ExportStatus to() {
    return to;
  }
}
