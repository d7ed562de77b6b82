package io.dataexport.worker.source.bucket;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.StorageOptions;
import io.dataexport.worker.source.bucket.fs.FilesystemSourceBucket;
import io.dataexport.worker.source.bucket.gcs.GcsSourceBucket;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Picks the source bucket named by {@code dataexport.source.store}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SourceBucketProperties.class)
public class SourceBucketConfiguration {

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "dataexport.source.store",
      havingValue = "filesystem",
      matchIfMissing = true)
  static class Filesystem {
    @Bean
    SourceBucket filesystemSourceBucket(SourceBucketProperties properties) {
      return new FilesystemSourceBucket(properties.filesystem().directory());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "dataexport.source.store", havingValue = "gcs")
  static class Gcs {
    /**
     * A client of its own (not the archive store's {@code Storage} bean): the source bucket may
     * live in another project or behind another endpoint than the archives.
     */
    @Bean
    SourceBucket gcsSourceBucket(SourceBucketProperties properties) {
      SourceBucketProperties.Gcs gcs = properties.gcs();
      StorageOptions.Builder options = StorageOptions.newBuilder();
      if (gcs.projectId() != null && !gcs.projectId().isBlank()) {
        options.setProjectId(gcs.projectId());
      }
      if (gcs.host() != null && !gcs.host().isBlank()) {
        options.setHost(gcs.host()).setCredentials(NoCredentials.getInstance());
      }
      return new GcsSourceBucket(options.build().getService(), gcs.bucket());
    }
  }
}
