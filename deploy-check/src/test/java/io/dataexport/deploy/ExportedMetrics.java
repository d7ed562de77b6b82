package io.dataexport.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The meters the services' own code registers, read from their sources, with the names and sample
 * series Micrometer's Prometheus registry gives them: a counter {@code a.b} is {@code a_b_total}, a
 * timer {@code a.b} is {@code a_b_seconds_count}, {@code _sum}, {@code _max} (and {@code
 * a_b_seconds} with a quantile label when it publishes percentiles, {@code _bucket} with a
 * histogram), a distribution summary takes its base unit as a suffix, a gauge is {@code a_b}.
 * Counters registered on first use (an outcome nobody had yet) appear in a scrape only later; these
 * names are known from the start.
 */
final class ExportedMetrics {

  /** Where the meters are registered: the modules the two services are built of. */
  static final List<Path> SOURCES =
      List.of("export-core", "api-gateway", "export-worker").stream()
          .map(m -> Repo.ROOT.resolve(m).resolve("src/main/java"))
          .toList();

  private static final Pattern BUILDER =
      Pattern.compile(
          "\\b(Counter|Timer|Gauge|DistributionSummary|LongTaskTimer|FunctionCounter|FunctionTimer"
              + "|TimeGauge)\\.builder\\(\\s*([^,)]+)");
  private static final Pattern REGISTRY_SHORTCUT =
      Pattern.compile(
          "\\b\\w*(?i:registry|meters)\\.(counter|timer|gauge|summary|more\\(\\)\\.\\w+)\\(");

  record Meter(String type, String name, String chain) {}

  private ExportedMetrics() {}

  /** Every meter the sources build, with the rest of its builder chain (up to register). */
  static List<Meter> meters() {
    List<Meter> meters = new ArrayList<>();
    for (Path root : SOURCES) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String source = Files.readString(file);
          Matcher shortcut = REGISTRY_SHORTCUT.matcher(source);
          if (shortcut.find()) {
            throw new IllegalStateException(
                file
                    + " registers a meter through MeterRegistry."
                    + shortcut.group(1)
                    + "(…): use a builder, or teach ExportedMetrics that form");
          }
          Matcher m = BUILDER.matcher(source);
          while (m.find()) {
            String name = m.group(2).strip();
            int end = source.indexOf(".register(", m.end());
            String chain = source.substring(m.end(), end < 0 ? source.length() : end);
            for (String literal : names(name, source, m.start(), file)) {
              meters.add(new Meter(m.group(1), literal, chain));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return meters;
  }

  /**
   * A builder's name: a literal, or the {@code String} parameter of the helper method the builder
   * is in ({@code private Counter counter(String name, …)}), whose every call in the file passes a
   * literal first.
   */
  private static List<String> names(String name, String source, int at, Path file) {
    if (name.startsWith("\"")) {
      return List.of(name.substring(1, name.length() - 1));
    }
    Matcher declaration =
        Pattern.compile("(\\w+)\\s*\\(\\s*String\\s+" + Pattern.quote(name) + "\\b")
            .matcher(source);
    String helper = null;
    while (declaration.find() && declaration.start() < at) {
      helper = declaration.group(1);
    }
    if (helper == null) {
      throw new IllegalStateException(
          file + ": meter name " + name + " is neither a literal nor a helper's first parameter");
    }
    List<String> literals = new ArrayList<>();
    Matcher call = Pattern.compile("\\b" + helper + "\\(\\s*(\"([^\"]+)\")?").matcher(source);
    while (call.find()) {
      if (call.group(2) != null) {
        literals.add(call.group(2));
      } else if (!source.startsWith("String", call.end())) {
        throw new IllegalStateException(
            file + ": " + helper + "(…) called with a meter name that is not a literal");
      }
    }
    return literals;
  }

  /** The Prometheus sample names of those meters. */
  static Set<String> sampleNames() {
    Set<String> names = new TreeSet<>();
    for (Meter meter : meters()) {
      names.addAll(sampleNames(meter));
    }
    return names;
  }

  static Set<String> sampleNames(Meter meter) {
    String base = meter.name().replace('.', '_').replace('-', '_');
    String unit = baseUnit(meter.chain());
    boolean percentiles = meter.chain().contains(".publishPercentiles(");
    boolean histogram =
        meter.chain().contains(".publishPercentileHistogram(")
            || meter.chain().contains(".serviceLevelObjectives(");
    Set<String> names = new TreeSet<>();
    switch (meter.type()) {
      case "Counter", "FunctionCounter" -> {
        String name = unit == null ? base : base + "_" + unit;
        names.add(name.endsWith("_total") ? name : name + "_total");
      }
      case "Timer", "FunctionTimer" ->
          distribution(base + "_seconds", percentiles, histogram, names);
      case "LongTaskTimer" -> {
        names.add(base + "_seconds_active_count");
        names.add(base + "_seconds_duration_sum");
        names.add(base + "_seconds_max");
      }
      case "DistributionSummary" ->
          distribution(unit == null ? base : base + "_" + unit, percentiles, histogram, names);
      case "TimeGauge" -> names.add(base + "_seconds");
      default -> names.add(unit == null ? base : base + "_" + unit);
    }
    return names;
  }

  private static void distribution(
      String name, boolean percentiles, boolean histogram, Set<String> names) {
    names.add(name + "_count");
    names.add(name + "_sum");
    names.add(name + "_max");
    if (percentiles) {
      names.add(name);
    }
    if (histogram) {
      names.add(name + "_bucket");
    }
  }

  private static String baseUnit(String chain) {
    Matcher unit = Pattern.compile("\\.baseUnit\\(\\s*\"([^\"]+)\"").matcher(chain);
    return unit.find() ? unit.group(1) : null;
  }
}
