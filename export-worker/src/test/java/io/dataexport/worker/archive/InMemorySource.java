package io.dataexport.worker.archive;

import io.dataexport.export.ExportJob;
import io.dataexport.worker.source.ExportSource;
import io.dataexport.worker.source.Section;
import io.dataexport.worker.source.Sections;
import io.dataexport.worker.source.SourceCursor;
import io.dataexport.worker.source.SourceFile;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.bson.Document;

/** An export's content held in lists: the writer tested without a database. */
final class InMemorySource implements ExportSource {

  private final Map<Section, List<Document>> sections = new LinkedHashMap<>();
  private final List<SourceFile> files = new ArrayList<>();
  private boolean carriesFiles;

  /** The sessions written, once the writer's cap cut their section; null while it has not. */
  private Set<String> sessionsWritten;

  InMemorySource section(Section section, Document... records) {
    sections.put(section, List.of(records));
    return this;
  }

  InMemorySource file(String id, String sessionId, String name, byte[] content) {
    return file(id, sessionId, name, content.length, () -> new ByteArrayInputStream(content));
  }

  InMemorySource file(
      String id, String sessionId, String name, long size, Supplier<InputStream> content) {
    carriesFiles = true;
    files.add(new SourceFile(id, "files/" + sessionId, sessionId, name, size, content::get));
    return this;
  }

  @Override
  public List<Section> sections(ExportJob job) {
    return List.copyOf(sections.keySet());
  }

  @Override
  public SourceCursor<Document> records(Section section, ExportJob job) {
    List<Document> records = sections.getOrDefault(section, List.of());
    if (section == Sections.SESSION_FILE_INFO && sessionsWritten != null) {
      records =
          records.stream()
              .filter(r -> sessionsWritten.contains(r.getString("session_id")))
              .toList();
    }
    return cursor(records);
  }

  /** As the contract says: the files and their records follow the sessions written only. */
  @Override
  public void cut(Section section, ExportJob job, Document lastWritten) {
    if (section != Sections.SESSION_INFO) {
      return;
    }
    sessionsWritten = new HashSet<>();
    for (Document session : sections.get(section)) {
      if (lastWritten == null) {
        break;
      }
      sessionsWritten.add(session.getString("_id"));
      if (session == lastWritten) {
        break;
      }
    }
  }

  @Override
  public boolean carriesFiles(ExportJob job) {
    return carriesFiles;
  }

  @Override
  public SourceCursor<SourceFile> files(ExportJob job) {
    if (sessionsWritten == null) {
      return cursor(files);
    }
    return cursor(
        files.stream()
            .filter(f -> f.sessionId() == null || sessionsWritten.contains(f.sessionId()))
            .toList());
  }

  private static <T> SourceCursor<T> cursor(List<T> items) {
    Iterator<T> iterator = items.iterator();
    return new SourceCursor<>() {
      @Override
      public boolean hasNext() {
        return iterator.hasNext();
      }

      @Override
      public T next() {
        return iterator.next();
      }

      @Override
      public void close() {}
    };
  }
}
