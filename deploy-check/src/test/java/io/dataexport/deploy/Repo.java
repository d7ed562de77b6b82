package io.dataexport.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The repository's files as the tests read them (surefire runs in the module's directory). */
final class Repo {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path DEPLOY = ROOT.resolve("deploy");
  static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
  static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");

  private Repo() {}

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every document of a YAML file, as maps and lists, anchors and merge keys ({@code <<}) resolved
   * as docker-compose and kubectl resolve them.
   */
  static List<Object> yamlDocuments(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<Object> documents = new ArrayList<>();
    for (Object document : new Yaml(options).loadAll(read(file))) {
      if (document != null) {
        documents.add(document);
      }
    }
    return documents;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yaml(Path file) {
    List<Object> documents = yamlDocuments(file);
    if (documents.size() != 1 || !(documents.get(0) instanceof Map)) {
      throw new IllegalArgumentException(file + ": expected one YAML mapping");
    }
    return (Map<String, Object>) documents.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value, String what) {
    if (!(value instanceof Map)) {
      throw new AssertionError(what + ": expected a mapping, found " + value);
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value, String what) {
    if (!(value instanceof List)) {
      throw new AssertionError(what + ": expected a list, found " + value);
    }
    return (List<Object>) value;
  }
}
