package io.dataexport.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The messages job state changes left to publish, as the relay reads and clears them. */
public interface Outbox {

  /**
   * Entries whose messages were written before {@code writtenBefore} and are still unpublished.
   * Each is claimed for this caller (as if written at {@code now}), so relays of other processes
   * leave it alone for a while.
   */
  List<OutboxEntry> claimDue(Instant writtenBefore, Instant now, int limit);

  /** Forgets the messages once the broker has them; messages written meanwhile stay. */
  void remove(String jobUid, List<String> messageIds);

  /** When the oldest message still unpublished was written; empty when everything is out. */
  Optional<Instant> oldestUnpublished();
}
