package io.dataexport.worker.archive;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One line of the coverage manifest: what a section holds, and whether a cap cut it.
 *
 * @param capped true only when the cap left out at least one record that matched the request
 * @param leftOut how many matching records the cap left out
 * @param sha256 of the entry's bytes; null for {@code files/}, whose files each have their own
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SectionSummary(
    String name,
    @JsonProperty("record_count") long recordCount,
    boolean capped,
    @JsonProperty("left_out") long leftOut,
    long bytes,
    String sha256) {}
