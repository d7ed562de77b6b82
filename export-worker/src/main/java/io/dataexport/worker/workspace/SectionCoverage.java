package io.dataexport.worker.workspace;

/**
 * A section's line in the coverage manifest.
 *
 * @param recordCount records the archive holds in the section
 * @param capped whether the cap left out records that belong in the section
 * @param leftOut how many the cap left out
 */
record SectionCoverage(String name, long recordCount, boolean capped, long leftOut) {}
