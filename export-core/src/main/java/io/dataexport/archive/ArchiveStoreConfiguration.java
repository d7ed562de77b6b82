package io.dataexport.archive;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.dataexport.archive.fs.ArchiveEncryption;
import io.dataexport.archive.fs.FilesystemArchiveStore;
import io.dataexport.archive.gcs.GcsArchiveStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Picks the archive store named by {@code dataexport.archive.store}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArchiveStoreProperties.class)
public class ArchiveStoreConfiguration {

  @Bean
  DownloadLinks downloadLinks(ArchiveStoreProperties properties, Clock clock) {
    return new DownloadLinks(
        properties.links().publicBaseUrl(), properties.links().signingKey(), clock);
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(
      name = "dataexport.archive.store",
      havingValue = "filesystem",
      matchIfMissing = true)
  static class FilesystemStore {
    @Bean
    FilesystemArchiveStore filesystemArchiveStore(
        ArchiveStoreProperties properties, DownloadLinks links) {
      ArchiveStoreProperties.Filesystem fs = properties.filesystem();
      String keyset = fs.encryptionKeyset();
      return new FilesystemArchiveStore(
          fs.directory(),
          links,
          keyset == null || keyset.isBlank() ? null : ArchiveEncryption.fromKeyset(keyset));
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "dataexport.archive.store", havingValue = "gcs")
  static class GcsStore {
    /** The real client with application-default credentials, unless one is configured. */
    @Bean
    @ConditionalOnMissingBean
    Storage googleCloudStorage(ArchiveStoreProperties properties) {
      StorageOptions.Builder options = StorageOptions.newBuilder();
      String projectId = properties.gcs().projectId();
      if (projectId != null && !projectId.isBlank()) {
        options.setProjectId(projectId);
      }
      String host = properties.gcs().host();
      if (host != null && !host.isBlank()) {
        options.setHost(host).setCredentials(NoCredentials.getInstance());
      }
      return options.build().getService();
    }

    @Bean
    GcsArchiveStore gcsArchiveStore(
        Storage storage, ArchiveStoreProperties properties, DownloadLinks links) {
      ArchiveStoreProperties.Gcs gcs = properties.gcs();
      return new GcsArchiveStore(
          storage, gcs.bucket(), gcs.kmsKeyName(), links, gcs.redirectsDownloads());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    @Bean
    ArchiveStoreHealthIndicator archiveStoreHealthIndicator(ArchiveStore archives) {
      return new ArchiveStoreHealthIndicator(archives);
    }
  }
}
