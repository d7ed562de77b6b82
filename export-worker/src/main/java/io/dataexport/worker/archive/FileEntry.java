package io.dataexport.worker.archive;

/**
 * One file the archive carries, as the manifest lists it.
 *
 * @param path its entry name in the ZIP
 * @param bytes its size, uncompressed
 * @param sha256 lower-case hex SHA-256 of its uncompressed bytes
 */
public record FileEntry(String path, long bytes, String sha256) {}
