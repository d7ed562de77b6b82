package io.dataexport.gateway.workspace;

import io.dataexport.api.v1.DataHandling;
import io.dataexport.api.v1.DataHandlingFact;
import io.dataexport.archive.ArchiveStoreProperties;
import io.dataexport.catalog.UserCatalog;
import java.time.Duration;

/**
 * How this deployment handles exported data, stated from its own configuration — the store, the
 * encryption it was given, the retention, the link lifetime — so that what the workspace export's
 * list says is true of the deployment that says it. What configuration cannot know (where it is
 * hosted, where TLS ends, backups) is the operator's statement, or said to be unstated.
 */
public class DataHandlingFacts {

  private static final String UNSTATED = "Not stated by this deployment's operator.";

  private final ArchiveStoreProperties archive;
  private final DataHandlingProperties operator;
  private final boolean gatewayServesTls;
  private final UserCatalog enterprises;

  public DataHandlingFacts(
      ArchiveStoreProperties archive,
      DataHandlingProperties operator,
      boolean gatewayServesTls,
      UserCatalog enterprises) {
    this.archive = archive;
    this.operator = operator;
    this.gatewayServesTls = gatewayServesTls;
    this.enterprises = enterprises;
  }

  public DataHandling of(String enterpriseUid) {
    return DataHandling.newBuilder()
        .setSummary(
            "Exports run as background jobs on this deployment; archives are kept for a limited"
                + " time, fetched over short-lived signed links through the gateway, and every"
                + " request and download is audited. Secrets are never exported.")
        .addFacts(fact("Where it runs", orUnstated(operator.hosting()) + " " + storage()))
        .addFacts(fact("Encrypted in transit", transit()))
        .addFacts(fact("Encrypted at rest", atRest()))
        .addFacts(fact("Retention", retention(enterpriseUid)))
        .addFacts(
            fact(
                "Downloads",
                "A download link is signed, names one archive and works for "
                    + minutes(archive.linkValidity())
                    + "; each download goes through the gateway, which checks the link and"
                    + " records the download on the audit trail."))
        .addFacts(
            fact(
                "Audited",
                "Every API call, allowed or refused, every export's state changes and every"
                    + " download are written to the audit trail; a call whose audit event cannot"
                    + " be written is refused."))
        .addFacts(
            fact(
                "Excluded",
                "API keys' secrets and hashes, tokens, passwords, credentials, private keys and"
                    + " cookies are removed at any depth. Members' personal content (sessions,"
                    + " files, knowledge) is in each member's own export, not in the workspace"
                    + " archive."))
        .addFacts(fact("Database backups", orUnstated(operator.databaseBackups())))
        .build();
  }

  private String storage() {
    return archive.store().equals("gcs")
        ? "Archives are stored in the Google Cloud Storage bucket " + archive.gcs().bucket() + "."
        : "Archives are stored on the archive volume of this deployment's workers.";
  }

  private String transit() {
    if (gatewayServesTls) {
      return "This gateway serves HTTPS (TLS) itself.";
    }
    String where = operator.tlsTermination();
    return where == null || where.isBlank()
        ? "This gateway serves plain HTTP and no TLS termination in front of it is stated:"
            + " do not call it across an untrusted network."
        : "This gateway serves plain HTTP behind " + where + ", which terminates TLS.";
  }

  private String atRest() {
    if (archive.store().equals("gcs")) {
      String kms = archive.gcs().kmsKeyName();
      return kms == null || kms.isBlank()
          ? "Archives are encrypted by Cloud Storage with Google-managed AES-256 keys."
          : "Archives are encrypted by Cloud Storage with the customer-managed KMS key "
              + kms
              + ".";
    }
    String keyset = archive.filesystem().encryptionKeyset();
    return keyset == null || keyset.isBlank()
        ? "Archives are NOT encrypted by this service: no encryption keyset is configured."
        : "Each archive is encrypted with AES-256-GCM (streaming, 1 MiB segments) before it is"
            + " written to disk, and decrypted as it is downloaded.";
  }

  private String retention(String enterpriseUid) {
    Duration kept = enterprises.archiveRetention(enterpriseUid).orElse(archive.retention());
    return "Archives are deleted "
        + kept.toDays()
        + " days after their export completed, unless a legal hold keeps one; the job's record"
        + " stays, marked expired.";
  }

  private static String minutes(Duration validity) {
    long minutes = validity.toMinutes();
    return minutes >= 1 ? minutes + " minutes" : validity.toSeconds() + " seconds";
  }

  private static String orUnstated(String statement) {
    return statement == null || statement.isBlank() ? UNSTATED : statement.strip();
  }

  private static DataHandlingFact fact(String title, String detail) {
    return DataHandlingFact.newBuilder().setTitle(title).setDetail(detail).build();
  }
}
