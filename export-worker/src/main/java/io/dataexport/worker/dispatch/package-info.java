/**
 * Runs Kafka records concurrently off the consumer thread, in order per key, with commits that
 * never pass an unfinished record.
 *
 * <p>Wiring with Spring Boot's container factory ({@code spring.kafka.listener.ack-mode: manual},
 * not {@code async-acks}, which waits for a whole poll batch):
 *
 * <pre>{@code
 * @Bean
 * KeyOrderedDispatcher exportDispatcher(RecordWork work, KafkaListenerEndpointRegistry registry,
 *     DeadLetterPublishingRecoverer deadLetters) {
 *   return new KeyOrderedDispatcher(new DispatchSettings(8, 2, 100), work,
 *       ListenerContainerPartitionControl.forListener(registry, "export-worker"), deadLetters);
 * }
 *
 * @Bean  // Boot puts a single ConsumerAwareRebalanceListener bean on its container factory
 * DispatcherRebalanceListener exportRebalance(KeyOrderedDispatcher dispatcher) {
 *   return new DispatcherRebalanceListener(dispatcher);
 * }
 *
 * @Bean  // stops before the listener containers, so they still commit its last acknowledgments
 * DispatcherLifecycle exportDispatcherLifecycle(KeyOrderedDispatcher dispatcher) {
 *   return new DispatcherLifecycle(dispatcher, Duration.ofSeconds(20));
 * }
 *
 * @KafkaListener(id = "export-worker", topics = "...")
 * void onExportRequested(ConsumerRecord<String, String> record, Acknowledgment ack) {
 *   dispatcher.submit(record, ack);
 * }
 * }</pre>
 *
 * <p>Acknowledged records are committed by the consumer thread at its next loop (within {@code
 * poll-timeout}), when a partition is revoked, and when the container stops. With several poll
 * records, a partition can exceed {@code maxBufferedPerPartition} by up to one poll's worth before
 * the pause takes effect.
 */
package io.dataexport.worker.dispatch;
