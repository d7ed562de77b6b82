package io.dataexport.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
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
 * component, nested records and lists of records included), and the configuration metadata of
 * Spring Boot's jars on the services' class path ({@code spring.kafka.bootstrap-servers}, {@code
 * management.server.port}…).
 *
 * <p>A list's elements are bound by index, as Spring Boot maps environment variables: a segment of
 * digits between underscores is an index, so {@code DATAEXPORT_PUBLISHEDKEYS_0_KEYID} is {@code
 * dataexport.published-keys[0].key-id}. Here a list property is {@code name[*]}, and its variable
 * {@code NAME_#_…} stands for every index.
 */
final class ServiceSettings {

  /** A list index in a property name as this class writes it. */
  static final String ANY_INDEX = "[*]";

  /** A list index in an environment variable: digits between underscores, no leading zero. */
  private static final Pattern INDEX_SEGMENT = Pattern.compile("_(?:0|[1-9][0-9]*)(?=_|$)");

  private static final Set<String> ENVIRONMENT_NAMES = load();

  private ServiceSettings() {}

  /** Whether a service binds this environment variable, list indexes included. */
  static boolean binds(String environmentVariable) {
    return ENVIRONMENT_NAMES.contains(environmentVariable)
        || ENVIRONMENT_NAMES.contains(INDEX_SEGMENT.matcher(environmentVariable).replaceAll("_#"));
  }

  /**
   * The environment variables that set a property, e.g. {@code dataexport.audit.seal.signing-key}:
   * {@code DATAEXPORT_AUDIT_SEAL_SIGNINGKEY} and {@code DATAEXPORT_AUDIT_SEAL_SIGNING_KEY}.
   */
  static Set<String> environmentNames(String property) {
    Set<String> names = new TreeSet<>();
    addEnvironmentNames(property, names);
    return names;
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
      Class<?> element = elementType(component);
      if (component.getType().isRecord()) {
        addRecord(name, component.getType(), properties);
      } else if (element != null && element.isRecord()) {
        addRecord(name + ANY_INDEX, element, properties);
      } else if (element != null) {
        // a list of values: a comma-separated whole, or element by element
        properties.add(name);
        properties.add(name + ANY_INDEX);
      } else {
        properties.add(name);
      }
    }
  }

  /** The element type of a collection or array component, null for any other. */
  private static Class<?> elementType(RecordComponent component) {
    Class<?> type = component.getType();
    if (type.isArray()) {
      return type.getComponentType();
    }
    if (Collection.class.isAssignableFrom(type)
        && component.getGenericType() instanceof ParameterizedType parameterized
        && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
      return element;
    }
    return null;
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
            String name = property.get("name").asString();
            addEnvironmentNames(name, names);
            String type = property.path("type").asString("");
            if (type.endsWith("[]")
                || type.startsWith("java.util.List<")
                || type.startsWith("java.util.Set<")
                || type.startsWith("java.util.Collection<")) {
              addEnvironmentNames(name + ANY_INDEX, names);
            }
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
   * README's table uses the second. An index {@code [*]} becomes the segment {@code #}: {@code
   * a.b-c[*].d} is {@code A_BC_#_D} (and {@code A_B_C_#_D}).
   */
  private static void addEnvironmentNames(String property, Set<String> names) {
    String dotted = property.replace(ANY_INDEX, ".#");
    names.add(dotted.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT));
    names.add(dotted.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT));
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
  }
}
