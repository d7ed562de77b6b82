package io.dataexport.worker.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of the coverage manifest: what a section holds, and whether a cap cut it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SectionSummary(
    String name,
    @JsonProperty("record_count") long recordCount,
    boolean capped,
    long bytes,
    String sha256) {}
