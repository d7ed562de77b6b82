package io.dataexport.audit;

import io.dataexport.event.AuditEvent;

/** Records an audited operation on the audit trail. */
public interface AuditPublisher {

  /**
   * Publishes the event and waits until the trail has it. A failure is logged with the whole
   * (secret-free) event, so that the record survives in the logs when the trail is down, and then
   * thrown: the caller must not hand out the result of an operation the trail does not hold.
   *
   * @throws AuditUnavailableException if the trail did not take the event in time
   */
  void publish(AuditEvent.Data data);
}
