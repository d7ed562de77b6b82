package io.dataexport.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import io.dataexport.archive.fs.FilesystemArchiveStore;
import io.dataexport.archive.gcs.GcsArchiveStore;
import io.dataexport.time.ClockConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Configuration, not code, picks the archive store. */
class ArchiveStoreConfigurationTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withUserConfiguration(ClockConfiguration.class, ArchiveStoreConfiguration.class);

  @Test
  void theFilesystemStoreIsTheDefault() {
    context.run(
        c -> {
          assertThat(c).hasSingleBean(ArchiveStore.class);
          assertThat(c.getBean(ArchiveStore.class)).isInstanceOf(FilesystemArchiveStore.class);
        });
  }

  @Test
  void gcsIsChosenByProperty() {
    context
        .withPropertyValues("dataexport.archive.store=gcs", "dataexport.archive.gcs.bucket=exports")
        .withBean(Storage.class, () -> LocalStorageHelper.getOptions().getService())
        .run(
            c -> {
              assertThat(c).hasSingleBean(ArchiveStore.class);
              assertThat(c.getBean(ArchiveStore.class)).isInstanceOf(GcsArchiveStore.class);
            });
  }

  @Test
  void gcsWithoutABucketFailsAtStartUpNamingTheSetting() {
    context
        .withPropertyValues("dataexport.archive.store=gcs")
        .withBean(Storage.class, () -> LocalStorageHelper.getOptions().getService())
        .run(
            c ->
                assertThat(c)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("dataexport.archive.gcs.bucket"));
  }
}
