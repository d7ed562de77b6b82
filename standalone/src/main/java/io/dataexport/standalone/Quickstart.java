package io.dataexport.standalone;

/**
 * The admin page's address, the five curl calls of the per-user export and the workspace export's
 * REST calls, filled in with a real key and user.
 */
final class Quickstart {

  private Quickstart() {}

  static String render(StackFacts facts, String factsFile) {
    String userId = facts.users().get(0).userId();
    String base = facts.baseUrl();
    String h = " \\\n  -H 'Content-Type: application/json' -H 'X-API-Key: " + facts.apiKey() + "'";
    return """

        ================================================================================
         Enterprise Data Export is running (embedded Kafka, MongoDB-wire server, local archives)
         API:     %1$s          Kafka: %2$s          MongoDB: %3$s
         Facts for scripts and audit consumers: %4$s
         Audit topic: %5$s      Stop with Ctrl-C; data stays in the data directory.
        ================================================================================

        # The admin page: open %1$s/admin in a browser and sign in with the API key
        #   %8$s

        # Or the API with curl:

        # 1. Preview the user's tasks
        curl -s -X POST %1$s/v2/enterprise.task.list%6$s \\
          -d '{"user_id": "%7$s"}'; echo

        # 2. Create an export; it answers at once with EXPORT_STATUS_PENDING and the export's uid
        EXPORT_UID=$(curl -s -X POST %1$s/v2/enterprise.export.create%6$s \\
          -d '{"user_id": "%7$s", "scope": "ENTERPRISE_EXPORT_SCOPE_FULL", "reason": "compliance audit"}' \\
          | sed -E 's/.*"uid":"([^"]+)".*/\\1/'); echo "$EXPORT_UID"

        # 3. Poll its status until EXPORT_STATUS_COMPLETED
        until curl -s -X POST %1$s/v2/enterprise.export.detail%6$s \\
          -d "{\\"uid\\": \\"$EXPORT_UID\\"}" | grep -q EXPORT_STATUS_COMPLETED; do sleep 1; done

        # 4. List the user's exports, newest first
        curl -s -X POST %1$s/v2/enterprise.export.list%6$s \\
          -d '{"user_id": "%7$s"}'; echo

        # 5. Mint a download link (valid 10 minutes), fetch the archive and test it
        FILE_URL=$(curl -s -X POST %1$s/v2/enterprise.export.downloadUrl%6$s \\
          -d "{\\"uid\\": \\"$EXPORT_UID\\"}" | sed -E 's/.*"file_url":"([^"]+)".*/\\1/')
        curl -s -o export.zip "$FILE_URL" && unzip -t export.zip

        # The whole workspace as one JSON document (the admin page's "Data & Export" view):
        # start it, list it with the deployment's data-handling facts, then get its link
        curl -s -X POST %1$s/api/account/data-export -H 'X-API-Key: %8$s'; echo
        curl -s %1$s/api/account/data-export -H 'X-API-Key: %8$s'; echo
        #   once its status is "completed":
        #   curl -s %1$s/api/exports/<id>/download -H 'X-API-Key: %8$s'
        """
        .formatted(
            base,
            facts.kafkaBootstrapServers(),
            facts.mongodbUri(),
            factsFile,
            facts.topics().audit(),
            h,
            userId,
            facts.apiKey());
  }
}
