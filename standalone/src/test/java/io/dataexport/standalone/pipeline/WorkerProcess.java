package io.dataexport.standalone.pipeline;

import io.dataexport.worker.WorkerApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One worker slot run as its own JVM, as a deployment runs it: started, killed with SIGKILL,
 * started again, or stopped with SIGTERM. Each start is a new incarnation with its own worker id
 * ({@code w1.0}, {@code w1.1}, …), so the jobs in MongoDB tell which process holds them; the slot
 * keeps its spool directory across incarnations (as a pod keeps its volume) and appends to one log
 * file.
 */
final class WorkerProcess {

  private final String slot;
  private final List<String> arguments;
  private final Path spool;
  private final Path log;
  private Process process;
  private int incarnation = -1;

  WorkerProcess(String slot, List<String> arguments, Path spool, Path log) {
    this.slot = slot;
    this.arguments = List.copyOf(arguments);
    this.spool = spool;
    this.log = log;
  }

  synchronized void start() throws IOException {
    incarnation++;
    Files.createDirectories(spool);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // a small, quickly started JVM: the machine is shared by several of them and the test
    command.addAll(List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(WorkerApplication.class.getName());
    command.addAll(arguments);
    command.add("--dataexport.worker.worker-id=" + workerId());
    command.add("--dataexport.worker.spool-directory=" + spool);
    Files.writeString(
        log,
        "==== " + workerId() + " starting ====\n",
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
  }

  /** SIGKILL: no shutdown hook, no hand-back, no flush; waits until the process is gone. */
  synchronized void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGKILL, then a new incarnation, as an orchestrator replaces a dead pod. */
  synchronized void killAndStart() throws InterruptedException, IOException {
    kill();
    start();
  }

  /**
   * SIGTERM, as an orchestrator asks a pod to stop, without waiting: the worker drains and exits on
   * its own ({@link #awaitExit}).
   */
  synchronized void terminate() {
    process.destroy();
  }

  /**
   * Waits at most {@code atMost} for the current incarnation to exit; its exit code if it did. A
   * JVM that ran its shutdown hooks after a SIGTERM exits with 143 (128 + 15).
   */
  OptionalInt awaitExit(Duration atMost) throws InterruptedException {
    Process current;
    synchronized (this) {
      current = process;
    }
    return current.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)
        ? OptionalInt.of(current.exitValue())
        : OptionalInt.empty();
  }

  /** SIGTERM, as an orchestrator stops a worker; SIGKILL if it takes longer than {@code secs}. */
  synchronized void stop(long secs) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(secs, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  synchronized String workerId() {
    return slot + "." + incarnation;
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  String slot() {
    return slot;
  }

  Path spool() {
    return spool;
  }

  Path log() {
    return log;
  }
}
