package io.dataexport.export.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duplicate-key error (E11000) for the unique index it hit: the job store's per-user rules
 * are unique indexes, and which one refused a write says which rule held.
 */
final class DuplicateKeys {

  private static final Pattern INDEX = Pattern.compile("index: (\\S+)");

  private DuplicateKeys() {}

  /** Runs the write: empty when it went through, else the name of the unique index it hit. */
  static Optional<String> indexOf(Runnable write) {
    try {
      write.run();
      return Optional.empty();
    } catch (MongoException e) {
      return Optional.of(violatedIndex(e).orElseThrow(() -> e));
    }
  }

  /** The unique index a duplicate-key error names; empty for any other error. */
  static Optional<String> violatedIndex(MongoException e) {
    String message;
    if (e instanceof MongoWriteException write
        && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
      message = write.getError().getMessage();
    } else if (e instanceof MongoCommandException command
        && ErrorCategory.fromErrorCode(command.getErrorCode()) == ErrorCategory.DUPLICATE_KEY) {
      message = command.getErrorMessage();
    } else {
      return Optional.empty();
    }
    Matcher index = INDEX.matcher(message);
    return Optional.of(index.find() ? index.group(1) : "");
  }
}
