package io.dataexport.standalone;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar standalone.jar [data-directory]}: the whole product on embedded parts. The data
 * directory (default {@code ./data}, or {@code DATAEXPORT_DATA_DIR}) keeps jobs, archives and
 * Kafka's log across restarts.
 */
public final class StandaloneLauncher {

  private StandaloneLauncher() {}

  public static void main(String[] args) throws Exception {
    String configured =
        args.length > 0 ? args[0] : System.getenv().getOrDefault("DATAEXPORT_DATA_DIR", "data");
    Path data = Path.of(configured).toAbsolutePath();
    // Text lines, unlike the services on their own: the quickstart below is read on this console.
    // LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs (or logstash, gelf) makes them JSON lines.
    String logFormat = System.getenv().getOrDefault("LOGGING_STRUCTURED_FORMAT_CONSOLE", "");
    EmbeddedStack stack =
        EmbeddedStack.start(
            StackSettings.defaults(data)
                .withProperties(Map.of("logging.structured.format.console", logFormat)));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping: worker, gateway, Kafka, MongoDB ...");
                  stack.close();
                  stopped.countDown();
                },
                "standalone-shutdown"));
    System.out.println(
        Quickstart.render(stack.facts(), data.resolve(StackFacts.FILE_NAME).toString()));
    stopped.await();
  }
}
