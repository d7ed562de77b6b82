package io.dataexport.outbox;

import com.mongodb.client.MongoDatabase;
import io.dataexport.export.mongo.MongoJobOutbox;
import io.dataexport.kafka.KafkaTopicsProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxConfiguration {

  @Bean(initMethod = "start", destroyMethod = "close")
  OutboxRelay outboxRelay(
      MongoDatabase database,
      KafkaTemplate<String, String> kafka,
      KafkaTopicsProperties topics,
      OutboxProperties settings,
      Clock clock,
      MeterRegistry meters,
      OutboxTracing tracing) {
    return new OutboxRelay(
        new MongoJobOutbox(database), kafka, topics, settings, clock, meters, tracing);
  }

  /** Micrometer Tracing's when the service traces (both do); none otherwise. */
  @Bean
  OutboxTracing outboxTracing(
      ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
    Tracer t = tracer.getIfUnique();
    Propagator p = propagator.getIfUnique();
    return t == null || p == null ? OutboxTracing.NONE : new MicrometerOutboxTracing(t, p);
  }
}
