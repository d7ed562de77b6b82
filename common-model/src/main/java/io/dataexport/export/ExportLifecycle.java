package io.dataexport.export;

import io.dataexport.api.v1.ExportStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed export state changes: {@code PENDING → PROCESSING → COMPLETED}, {@code
 * FAILED} / {@code CANCELLED} from {@code PENDING} or {@code PROCESSING}, and {@code PROCESSING →
 * PENDING} when a worker's lease lapses or it hands the job back. Nothing leaves a terminal state.
 * The job store derives every compare-and-set from this table: a change is tried only from the
 * states {@link #predecessorsOf} names, so a change the table forbids matches nothing.
 */
public final class ExportLifecycle {

  private static final Map<ExportStatus, Set<ExportStatus>> ALLOWED =
      Map.of(
          ExportStatus.EXPORT_STATUS_PENDING,
          EnumSet.of(
              ExportStatus.EXPORT_STATUS_PROCESSING,
              ExportStatus.EXPORT_STATUS_FAILED,
              ExportStatus.EXPORT_STATUS_CANCELLED),
          ExportStatus.EXPORT_STATUS_PROCESSING,
          EnumSet.of(
              ExportStatus.EXPORT_STATUS_PENDING,
              ExportStatus.EXPORT_STATUS_COMPLETED,
              ExportStatus.EXPORT_STATUS_FAILED,
              ExportStatus.EXPORT_STATUS_CANCELLED));

  private ExportLifecycle() {}

  public static boolean allows(ExportStatus from, ExportStatus to) {
    return ALLOWED.getOrDefault(from, Set.of()).contains(to);
  }

  /** The states a job may be in for {@code to} to be reached next. */
  public static Set<ExportStatus> predecessorsOf(ExportStatus to) {
    Set<ExportStatus> from = EnumSet.noneOf(ExportStatus.class);
    ALLOWED.forEach(
        (source, targets) -> {
          if (targets.contains(to)) {
            from.add(source);
          }
        });
    return from;
  }

  /** A state nothing leaves: the job is over. */
  public static boolean isTerminal(ExportStatus status) {
    return !ALLOWED.containsKey(status) && !predecessorsOf(status).isEmpty();
  }
}
