package io.dataexport.worker.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file an export carries.
 *
 * @param id the source's id of the file, unique in its folder
 * @param folder the archive folder it goes in ({@code files/<session_uid>}, {@code
 *     skills/<skill_uid>}), taken from ids the writer still makes safe
 * @param sessionId the session it is attached to, or null if it belongs to none
 * @param name the file's own name as the user gave it (unsafe: the writer sanitises it)
 * @param size its size in bytes as the source records it, or -1 if unknown
 * @param content opens the file's bytes; called once, while the writer copies it
 */
public record SourceFile(
    String id, String folder, String sessionId, String name, long size, Content content) {

  /** Opens a file's bytes at the source. */
  @FunctionalInterface
  public interface Content {
    InputStream open() throws IOException;
  }
}
