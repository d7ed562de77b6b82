package io.dataexport.standalone;

import java.nio.file.Path;
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
    EmbeddedStack stack = EmbeddedStack.start(StackSettings.defaults(data));
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
