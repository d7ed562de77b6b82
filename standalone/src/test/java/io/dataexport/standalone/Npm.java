package io.dataexport.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs npm in one of the repository's Node projects, as the JavaScript client tests need it. */
final class Npm {

  private Npm() {}

  /**
   * Runs npm with {@code args} in {@code directory}; its output is copied to this JVM's stdout line
   * by line (inheriting the stream would write into Surefire's channel to the forked JVM).
   *
   * @return npm's exit code
   * @throws AssertionError if npm did not finish within {@code timeoutMinutes}
   */
  static int run(Path directory, List<String> args, Map<String, String> env, long timeoutMinutes)
      throws IOException, InterruptedException {
    String npm =
        System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win") ? "npm.cmd" : "npm";
    ProcessBuilder builder =
        new ProcessBuilder(Stream.concat(Stream.of(npm), args.stream()).toList())
            .directory(directory.toFile())
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines()
                    .forEach(line -> System.out.println("[npm " + args.get(0) + "] " + line));
              } catch (IOException e) {
                System.out.println("[npm " + args.get(0) + "] output lost: " + e);
              }
            },
            "npm-output");
    pump.setDaemon(true);
    pump.start();
    if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError(
          "npm "
              + String.join(" ", args)
              + " did not finish within "
              + timeoutMinutes
              + " minutes");
    }
    pump.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }
}
