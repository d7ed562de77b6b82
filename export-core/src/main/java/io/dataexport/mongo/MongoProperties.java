package io.dataexport.mongo;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where job state and the users' source data live ({@code DATAEXPORT_MONGODB_URI} overrides).
 *
 * @param serverSelectionTimeout how long a call waits for a reachable server before it fails as
 *     unavailable, unless the URI sets {@code serverSelectionTimeoutMS}
 * @param startupTimeout how long a service starting while MongoDB is unreachable waits for it
 * @param createSourceIndexes create at start the indexes the service relies on in the platform's
 *     collections (deploy/mongodb/source-indexes.js lists them); off by default, as those
 *     collections belong to the platform and its operators apply the script
 */
@ConfigurationProperties("dataexport.mongodb")
public record MongoProperties(
    @DefaultValue("mongodb://localhost:27017") String uri,
    @DefaultValue("dataexport") String database,
    @DefaultValue("5s") Duration serverSelectionTimeout,
    @DefaultValue("2m") Duration startupTimeout,
    @DefaultValue("false") boolean createSourceIndexes) {}
