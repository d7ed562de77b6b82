package io.dataexport.worker.source;

import io.dataexport.export.ExportJob;
import java.util.List;
import org.bson.Document;

/**
 * Where an export's content comes from. The archive writer asks it for the sections of a job and
 * their records, then for the files the job carries, and lays them out; which records belong to the
 * export (the user, the enterprise, the filters) and which fields of them may leave is decided
 * here.
 */
public interface ExportSource {

  /** The JSON sections of {@code job}'s archive, in archive order. */
  List<Section> sections(ExportJob job);

  /** The section's records for {@code job}, oldest first, with only the fields that may leave. */
  SourceCursor<Document> records(Section section, ExportJob job);

  /**
   * Told that the writer stopped writing {@code section} after {@code lastWritten} (the section
   * cap), though more records matched: the records that follow that section's records (a session's
   * files follow the session) must from now on follow only those written. {@code lastWritten} is
   * null when the cap let none be written. A source whose sections follow none may ignore it.
   */
  default void cut(Section section, ExportJob job, Document lastWritten) {}

  /** Whether {@code job}'s archive carries files (a {@code files/} section) besides its JSON. */
  boolean carriesFiles(ExportJob job);

  /**
   * The files {@code job} carries (attached files, skill archives), each opened only when the
   * writer copies it; empty when the job carries none.
   */
  SourceCursor<SourceFile> files(ExportJob job);
}
