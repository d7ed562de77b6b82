package io.dataexport.catalog;

import java.time.Instant;

/** One of a user's tasks (sessions), as listed before an export. */
public record TaskSummary(
    String sessionId, String title, Instant createdAt, boolean deleted, int fileCount) {}
