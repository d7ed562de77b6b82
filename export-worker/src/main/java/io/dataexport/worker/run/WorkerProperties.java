package io.dataexport.worker.run;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workerId this worker's name on the jobs it claims; blank means host name and process id
 * @param maxConcurrentExports exports this worker runs at once; 0 means twice the processors (an
 *     export mostly waits on MongoDB and the archive store)
 * @param maxConcurrentPerEnterprise of those, how many one enterprise may hold at once, so one
 *     tenant's backlog cannot starve another's; 0 means half of {@code maxConcurrentExports}
 * @param maxBufferedPerPartition requests read ahead per partition before the partition is paused
 * @param leaseDuration how long a claim holds without renewal; a lapsed lease sends the job back to
 *     PENDING for any worker
 * @param leaseRenewInterval how often a running export renews its lease, reports progress and
 *     notices a cancel
 * @param maxAttempts attempts an export gets before it fails: lapsed leases and passing failures
 *     count, a hand-back at shutdown does not
 * @param retryBackoff first wait before a failed attempt runs again; it doubles (with jitter) up to
 *     {@code retryBackoffMax}
 * @param userBusyRetry how soon to look again when the user's previous export still runs
 * @param shutdownGrace how long running exports may finish at shutdown before they are handed back
 * @param leaseCheckInterval how often lapsed leases are looked for
 * @param requeuePendingAfter a PENDING export no worker claimed for this long is requested again
 * @param abandonedAfter a partial upload or spool directory untouched this long is deleted
 * @param sweepInterval how often requeue, retention and clean-up run
 * @param sectionCap the most records one archive section holds (the manifest flags a cut)
 * @param parentIdsInMemory the most ids of a user's sessions held in memory for one export, so that
 *     their files go with them; a user with more is checked a batch of files at a time against the
 *     database, so memory stays flat (an id takes about 100 bytes)
 * @param workspaceSectionCap the most records one section of a workspace export holds (its coverage
 *     manifest flags a cut)
 * @param spoolDirectory local scratch space for archives being assembled
 */
@ConfigurationProperties("dataexport.worker")
public record WorkerProperties(
    @DefaultValue("") String workerId,
    @DefaultValue("0") int maxConcurrentExports,
    @DefaultValue("0") int maxConcurrentPerEnterprise,
    @DefaultValue("1000") int maxBufferedPerPartition,
    @DefaultValue("30s") Duration leaseDuration,
    @DefaultValue("2s") Duration leaseRenewInterval,
    @DefaultValue("3") int maxAttempts,
    @DefaultValue("2s") Duration retryBackoff,
    @DefaultValue("1m") Duration retryBackoffMax,
    @DefaultValue("3s") Duration userBusyRetry,
    @DefaultValue("30s") Duration shutdownGrace,
    @DefaultValue("5s") Duration leaseCheckInterval,
    @DefaultValue("10m") Duration requeuePendingAfter,
    @DefaultValue("1h") Duration abandonedAfter,
    @DefaultValue("30s") Duration sweepInterval,
    @DefaultValue("100000") long sectionCap,
    @DefaultValue("20000") int parentIdsInMemory,
    @DefaultValue("100000") long workspaceSectionCap,
    @DefaultValue("data/spool") Path spoolDirectory) {

  public int concurrentExports() {
    return maxConcurrentExports > 0
        ? maxConcurrentExports
        : 2 * Runtime.getRuntime().availableProcessors();
  }

  public int concurrentPerEnterprise() {
    return maxConcurrentPerEnterprise > 0
        ? maxConcurrentPerEnterprise
        : Math.max(1, concurrentExports() / 2);
  }

  public String resolvedWorkerId() {
    return workerId.isBlank() ? ProcessHandle.current().pid() + "@" + hostName() : workerId;
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown-host";
    }
  }
}
