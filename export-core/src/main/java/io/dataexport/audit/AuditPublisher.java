package io.dataexport.audit;

import io.dataexport.event.AuditEvent;

/** Records an audited operation on the audit trail. */
public interface AuditPublisher {

  /**
   * Publishes the event and waits until the trail has it. A failure is logged with the whole
   * (secret-free) event, so that the record survives in the logs when the trail is down.
   */
  void publish(AuditEvent.Data data);
}
