package io.dataexport.worker.dispatch;

import java.util.Objects;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@link PartitionControl} over a spring-kafka listener container. The container is looked up on
 * every call, not at construction, because a {@code @KafkaListener} container only exists once the
 * registry has built it, after the dispatcher bean that needs this control.
 *
 * <p>{@code pausePartition} only records a request that the consumer thread applies before its next
 * poll (and re-applies after a rebalance); a {@code ConcurrentMessageListenerContainer} forwards it
 * to the child that owns the partition.
 */
public final class ListenerContainerPartitionControl implements PartitionControl {

  private final Supplier<? extends MessageListenerContainer> container;

  public ListenerContainerPartitionControl(Supplier<? extends MessageListenerContainer> container) {
    this.container = Objects.requireNonNull(container, "container");
  }

  /** Control over the container of the {@code @KafkaListener} with this {@code id}. */
  public static ListenerContainerPartitionControl forListener(
      KafkaListenerEndpointRegistry registry, String listenerId) {
    return new ListenerContainerPartitionControl(() -> registry.getListenerContainer(listenerId));
  }

  @Override
  public void pause(TopicPartition partition) {
    MessageListenerContainer current = container.get();
    if (current != null) {
      current.pausePartition(partition);
    }
  }

  @Override
  public void resume(TopicPartition partition) {
    MessageListenerContainer current = container.get();
    if (current != null) {
      current.resumePartition(partition);
    }
  }
}
