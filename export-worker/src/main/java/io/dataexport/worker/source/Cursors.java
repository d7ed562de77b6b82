package io.dataexport.worker.source;

import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bson.Document;

/** Source cursors over MongoDB cursors ({@link ReadAhead}): mapped, filtered, one after another. */
final class Cursors {

  private Cursors() {}

  static <T> SourceCursor<T> empty() {
    return new Mapped<>(null, x -> null);
  }

  static Mapped<Document> of(SourceCursor<Document> documents) {
    return new Mapped<>(documents, d -> d);
  }

  /** {@code first}'s elements, then those of the cursor {@code then} opens once first is done. */
  static <T> SourceCursor<T> concat(SourceCursor<T> first, Supplier<SourceCursor<T>> then) {
    return new SourceCursor<>() {
      private SourceCursor<T> current = first;
      private boolean second;

      @Override
      public boolean hasNext() {
        if (current.hasNext()) {
          return true;
        }
        if (second) {
          return false;
        }
        current.close();
        current = then.get();
        second = true;
        return current.hasNext();
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }

      @Override
      public void close() {
        current.close();
      }
    };
  }

  /**
   * Documents (a MongoDB cursor's, or checked ones) mapped by a function; a document mapped to null
   * is skipped (the rule of the section left it out).
   */
  static final class Mapped<T> implements SourceCursor<T> {
    private final SourceCursor<Document> documents;
    private final Function<Document, T> map;
    private final Runnable exhausted;
    private T next;
    private boolean done;

    Mapped(SourceCursor<Document> documents, Function<Document, T> map) {
      this(documents, map, () -> {});
    }

    private Mapped(
        SourceCursor<Document> documents, Function<Document, T> map, Runnable exhausted) {
      this.documents = documents;
      this.map = map;
      this.exhausted = exhausted;
    }

    <R> Mapped<R> map(Function<T, R> then) {
      return new Mapped<>(
          documents,
          d -> {
            T t = map.apply(d);
            return t == null ? null : then.apply(t);
          },
          exhausted);
    }

    /** This cursor, running {@code action} once when its last element has been read. */
    Mapped<T> onExhausted(Runnable action) {
      return new Mapped<>(documents, map, action);
    }

    @Override
    public boolean hasNext() {
      while (next == null && documents != null && documents.hasNext()) {
        next = map.apply(documents.next());
      }
      if (next == null && !done) {
        done = true;
        exhausted.run();
      }
      return next != null;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T t = next;
      next = null;
      return t;
    }

    @Override
    public void close() {
      if (documents != null) {
        documents.close();
      }
    }
  }
}
