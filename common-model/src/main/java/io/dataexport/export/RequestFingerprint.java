package io.dataexport.export;

import io.dataexport.digest.Sha256;
import io.dataexport.export.ExportJob.ExportFilters;
import java.util.List;

/**
 * What makes two export requests the same request: the enterprise, the user and every filter (not
 * the reason, which explains the request but does not change what is exported). Used to hand back
 * the running job for an identical request, and to check that an Idempotency-Key is not reused for
 * a different one. All workspace exports of an enterprise are the same request.
 */
public final class RequestFingerprint {

  private RequestFingerprint() {}

  public static String of(ExportJob job) {
    if (job.kind() == JobKind.WORKSPACE) {
      // every workspace export of an enterprise is the same request: one pending or running
      return Sha256.hex("workspace\n" + job.enterpriseUid());
    }
    ExportFilters f = job.filters();
    String canonical =
        String.join(
            "\\n",
            job.enterpriseUid(),
            job.userId(),
            f.scope().name(),
            Boolean.toString(f.includeDeleted()),
            Boolean.toString(f.includeFiles()),
            String.valueOf(f.startTime()),
            String.valueOf(f.endTime()),
            sorted(f.sessionIds()),
            sorted(f.webdevProjectUids()),
            sorted(f.projectUids()));
    return Sha256.hex(canonical);
  }

  private static String sorted(List<String> ids) {
    return String.join(",", ids.stream().sorted().distinct().toList());
  }
}
