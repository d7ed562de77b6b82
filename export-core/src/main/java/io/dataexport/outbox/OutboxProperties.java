package io.dataexport.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval how often the relay looks for entries nobody published
 * @param claimAfter how long an entry is left to the process that wrote it before any relay takes
 *     it over
 * @param sendTimeout how long the relay waits for the broker to take one round of messages
 */
@ConfigurationProperties("dataexport.outbox")
public record OutboxProperties(
    @DefaultValue("2s") Duration pollInterval,
    @DefaultValue("5s") Duration claimAfter,
    @DefaultValue("10s") Duration sendTimeout) {}
