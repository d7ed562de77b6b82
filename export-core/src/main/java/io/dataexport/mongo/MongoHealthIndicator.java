package io.dataexport.mongo;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the job store answers: {@code /actuator/health} would otherwise say UP while every call
 * fails (the services build their own MongoDB client, so Spring Boot adds no check of it).
 */
public class MongoHealthIndicator implements HealthIndicator {

  private final MongoDatabase database;

  public MongoHealthIndicator(MongoDatabase database) {
    this.database = database;
  }

  @Override
  public Health health() {
    try {
      database.runCommand(new Document("ping", 1));
      return Health.up().withDetail("database", database.getName()).build();
    } catch (MongoException e) {
      return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
    }
  }
}
