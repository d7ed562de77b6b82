package io.dataexport.gateway.workspace;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What only the operator knows about where the deployment runs; the workspace export's
 * data-handling facts state it as given, and say so when it is not given rather than guess.
 *
 * @param hosting where the services and their data run, e.g. "Google Cloud, region europe-west1"
 * @param tlsTermination where TLS ends when this gateway serves plain HTTP, e.g. "the load
 *     balancer"
 * @param databaseBackups how the MongoDB that holds the data is backed up
 */
@ConfigurationProperties("dataexport.data-handling")
public record DataHandlingProperties(
    String hosting, String tlsTermination, String databaseBackups) {}
