package io.dataexport.worker.run;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param concurrency consumer threads in this worker; each runs one export at a time
 * @param heartbeatInterval how often a running export proves it is alive
 * @param stalledAfter a PROCESSING export whose heartbeat is older than this is failed by the
 *     sweeper: its worker died
 * @param requeuePendingAfter a PENDING export no worker claimed for this long is requested again
 * @param sectionCap the most records one archive section holds (the manifest flags a cut)
 * @param spoolDirectory local scratch space for archives being assembled
 */
@ConfigurationProperties("dataexport.worker")
public record WorkerProperties(
    @DefaultValue("1") int concurrency,
    @DefaultValue("10s") Duration heartbeatInterval,
    @DefaultValue("2m") Duration stalledAfter,
    @DefaultValue("10m") Duration requeuePendingAfter,
    @DefaultValue("100000") long sectionCap,
    @DefaultValue("data/spool") Path spoolDirectory) {}
