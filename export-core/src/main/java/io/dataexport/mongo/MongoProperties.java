package io.dataexport.mongo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Where job state and the users' source data live ({@code DATAEXPORT_MONGODB_URI} overrides). */
@ConfigurationProperties("dataexport.mongodb")
public record MongoProperties(
    @DefaultValue("mongodb://localhost:27017") String uri,
    @DefaultValue("dataexport") String database) {}
