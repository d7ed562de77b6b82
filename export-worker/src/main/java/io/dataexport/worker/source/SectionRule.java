package io.dataexport.worker.source;

import io.dataexport.catalog.MembershipWindows;
import io.dataexport.export.ExportJob;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What one section does beyond the catalog's columns: a narrower query, or a record reshaped before
 * its allow-list applies. A new section needs one only when the catalog cannot say it.
 */
public interface SectionRule {

  SectionRule NONE = new SectionRule() {};

  /** A further condition on the section's records for {@code job}, or null. */
  default Bson filter(ExportJob job) {
    return null;
  }

  /** {@code record} as it may leave for {@code job}, before the allow-list; null drops it. */
  default Document shape(Document record, ExportJob job, MembershipWindows membership) {
    return record;
  }
}
