package io.dataexport.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Status;

class MongoHealthIndicatorTest {

  @RegisterExtension static final InMemoryMongo mongo = new InMemoryMongo();

  @Test
  void aReachableDatabaseIsUp() {
    var health = new MongoHealthIndicator(mongo.freshDatabase()).health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void anUnreachableDatabaseIsDownWithoutItsAddressOrCredentials() {
    // nothing listens on port 1; fail fast instead of the driver's 30 s server selection
    MongoClientSettings settings =
        MongoClientSettings.builder()
            .applyConnectionString(new ConnectionString("mongodb://user:secret@127.0.0.1:1"))
            .applyToClusterSettings(c -> c.serverSelectionTimeout(200, TimeUnit.MILLISECONDS))
            .build();
    try (MongoClient client = MongoClients.create(settings)) {
      var health = new MongoHealthIndicator(client.getDatabase("dataexport")).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails().toString())
          .doesNotContain("secret")
          .doesNotContain("127.0.0.1");
    }
  }
}
