package io.dataexport.gateway;

import io.dataexport.CoreConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The HTTP API: Connect and /v2 over one service layer. */
@SpringBootApplication
@Import(CoreConfiguration.class)
public class GatewayApplication {

  /**
   * Its configuration file is {@value #CONFIG_NAME}.yml, so it can share a JVM with the other
   * service.
   */
  public static final String CONFIG_NAME = "api-gateway";

  public static void main(String[] args) {
    application().run(args);
  }

  public static SpringApplicationBuilder application() {
    return new SpringApplicationBuilder(GatewayApplication.class)
        .properties("spring.config.name=" + CONFIG_NAME);
  }
}
