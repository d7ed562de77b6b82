package io.dataexport.outbox;

import java.util.List;

/** The unpublished messages of one job, in the order they must be published. */
public record OutboxEntry(String jobUid, List<OutboxMessage> messages) {

  public OutboxEntry {
    messages = List.copyOf(messages);
  }
}
