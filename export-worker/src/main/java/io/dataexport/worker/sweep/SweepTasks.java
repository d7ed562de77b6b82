package io.dataexport.worker.sweep;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Each sweep task runs on its own: one that throws is logged and tried at its next turn. */
final class SweepTasks {

  private static final Logger log = LoggerFactory.getLogger(SweepTasks.class);

  private SweepTasks() {}

  interface Task {
    void run() throws Exception;
  }

  static void guarded(String name, Task task) {
    try {
      task.run();
    } catch (Exception e) {
      log.warn("{} did not finish this round: {}", name, e.toString());
    }
  }
}
