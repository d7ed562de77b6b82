package io.dataexport.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The environment variables the two services bind, so that a deployment file naming one that
 * nothing reads (a typo: {@code DATAEXPORT_WORKER_SHUTDOWN_GRCE}) fails the build instead of being
 * silently ignored. Two sources: the services' own {@code @ConfigurationProperties} records (every
 * component, nested records included), and the configuration metadata of Spring Boot's jars on the
 * services' class path ({@code spring.kafka.bootstrap-servers}, {@code management.server.port}…).
 */
final class ServiceSettings {

  private static final Set<String> ENVIRONMENT_NAMES = load();

  private ServiceSettings() {}

  /** Whether a service binds this environment variable. */
  static boolean binds(String environmentVariable) {
    return ENVIRONMENT_NAMES.contains(environmentVariable);
  }

  /** The properties of the services' own records, e.g. {@code dataexport.worker.shutdown-grace}. */
  static Set<String> ownProperties() {
    Set<String> properties = new TreeSet<>();
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false);
    scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
    for (BeanDefinition candidate : scanner.findCandidateComponents("io.dataexport")) {
      Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), null);
      ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
      String prefix = annotation.value().isEmpty() ? annotation.prefix() : annotation.value();
      addRecord(prefix, type, properties);
    }
    return Collections.unmodifiableSet(properties);
  }

  private static void addRecord(String prefix, Class<?> type, Set<String> properties) {
    if (!type.isRecord()) {
      throw new IllegalStateException(
          type + " is not a record: teach ServiceSettings to read its properties");
    }
    for (RecordComponent component : type.getRecordComponents()) {
      String name = prefix + "." + kebab(component.getName());
      if (component.getType().isRecord()) {
        addRecord(name, component.getType(), properties);
      } else {
        properties.add(name);
      }
    }
  }

  private static Set<String> load() {
    Set<String> names = new TreeSet<>();
    for (String property : ownProperties()) {
      addEnvironmentNames(property, names);
    }
    JsonMapper json = JsonMapper.builder().build();
    try {
      for (URL url :
          Collections.list(
              ServiceSettings.class
                  .getClassLoader()
                  .getResources("META-INF/spring-configuration-metadata.json"))) {
        try (InputStream in = url.openStream()) {
          for (JsonNode property : json.readTree(in).path("properties")) {
            addEnvironmentNames(property.get("name").asString(), names);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Collections.unmodifiableSet(names);
  }

  /**
   * Spring Boot binds {@code a.b-c} from {@code A_BC} and, its legacy form, {@code A_B_C}; the
   * README's table uses the second.
   */
  private static void addEnvironmentNames(String property, Set<String> names) {
    names.add(property.replace('.', '_').replace("-", "").toUpperCase());
    names.add(property.replace('.', '_').replace('-', '_').toUpperCase());
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }
}
