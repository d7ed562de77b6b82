package io.dataexport.gateway.export;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxQueuedPerUser PENDING or PROCESSING exports one user may have; one more is refused with
 *     resource_exhausted
 */
@ConfigurationProperties("dataexport.export")
public record ExportLimitsProperties(@DefaultValue("5") int maxQueuedPerUser) {}
