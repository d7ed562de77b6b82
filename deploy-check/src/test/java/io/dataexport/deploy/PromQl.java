package io.dataexport.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names a PromQL expression (of a dashboard panel or an alert rule) reads. */
final class PromQl {

  private static final Pattern STRING =
      Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'");
  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern LABEL_LIST =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "offset",
          "and",
          "or",
          "unless",
          "inf",
          "nan",
          "atan2",
          "start",
          "end");

  private PromQl() {}

  static Set<String> metricNames(String expression) {
    String e = STRING.matcher(expression).replaceAll(" ");
    e = GRAFANA_VARIABLE.matcher(e).replaceAll(" ");
    e = MATCHERS.matcher(e).replaceAll(" ");
    e = RANGE.matcher(e).replaceAll(" ");
    e = LABEL_LIST.matcher(e).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(e);
    while (m.find()) {
      String token = m.group();
      boolean partOfNumber = m.start() > 0 && Character.isDigit(e.charAt(m.start() - 1));
      boolean function = e.substring(m.end()).stripLeading().startsWith("(");
      if (!partOfNumber && !function && !KEYWORDS.contains(token.toLowerCase())) {
        names.add(token);
      }
    }
    return names;
  }
}
