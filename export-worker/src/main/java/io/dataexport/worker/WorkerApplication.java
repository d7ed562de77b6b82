package io.dataexport.worker;

import io.dataexport.CoreConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Consumes ExportRequested and writes the archives; run as many as the topic has partitions. */
@SpringBootApplication
@EnableScheduling
@Import(CoreConfiguration.class)
public class WorkerApplication {

  /**
   * Its configuration file is {@value #CONFIG_NAME}.yml, so it can share a JVM with the other
   * service.
   */
  public static final String CONFIG_NAME = "export-worker";

  public static void main(String[] args) {
    application().run(args);
  }

  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(WorkerApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
