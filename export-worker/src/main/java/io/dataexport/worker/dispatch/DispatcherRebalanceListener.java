package io.dataexport.worker.dispatch;

import java.util.Collection;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Tells the dispatcher which partitions left this consumer. Register it on the container ({@code
 * ContainerProperties.setConsumerRebalanceListener}); Spring Boot does so by itself for a single
 * {@code ConsumerAwareRebalanceListener} bean.
 *
 * <p>It acts before the container's commit on revocation: acknowledgments the dispatcher gave until
 * then are in the container's queue and committed by it right after this returns, and the
 * dispatcher gives none for these partitions afterwards, so nothing is committed for a partition
 * another consumer owns. Lost partitions reach it too: the container calls this after {@code
 * onPartitionsLost}.
 */
public final class DispatcherRebalanceListener implements ConsumerAwareRebalanceListener {

  private final KeyOrderedDispatcher dispatcher;

  public DispatcherRebalanceListener(KeyOrderedDispatcher dispatcher) {
    this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
  }

  @Override
  public void onPartitionsRevokedBeforeCommit(
      Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    dispatcher.onPartitionsRevoked(partitions);
  }
}
