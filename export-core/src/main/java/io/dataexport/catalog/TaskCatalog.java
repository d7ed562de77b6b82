package io.dataexport.catalog;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** A user's tasks (sessions) in the platform's data. */
public interface TaskCatalog {

  /**
   * The ids among {@code sessionIds} that are sessions of {@code userId} belonging to {@code
   * enterpriseUid} (the export's rule: docs/source-data.md).
   */
  Set<String> ownedBy(String enterpriseUid, String userId, Collection<String> sessionIds);

  /**
   * A page of the user's tasks in the enterprise, newest first, filtered like an export would
   * filter them.
   */
  List<TaskSummary> list(TaskQuery query);

  /**
   * @param afterCreatedAt with {@code afterSessionId}: the last task of the previous page, or null
   *     for the first page
   */
  record TaskQuery(
      String enterpriseUid,
      String userId,
      Instant startTime,
      Instant endTime,
      boolean includeDeleted,
      Instant afterCreatedAt,
      String afterSessionId,
      int limit) {}
}
