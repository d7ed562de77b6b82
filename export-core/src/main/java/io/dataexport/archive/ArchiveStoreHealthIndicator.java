package io.dataexport.archive;

import java.io.IOException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Whether archives can be stored now; part of readiness, so an orchestrator stops routing. */
public class ArchiveStoreHealthIndicator implements HealthIndicator {

  private final ArchiveStore archives;

  public ArchiveStoreHealthIndicator(ArchiveStore archives) {
    this.archives = archives;
  }

  @Override
  public Health health() {
    try {
      archives.checkReachable();
      return Health.up().build();
    } catch (IOException | RuntimeException e) {
      // the kind of failure, never a path or a bucket URL
      return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
    }
  }
}
