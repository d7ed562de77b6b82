// The indexes of the export job collection, for an operator to apply with mongosh:
//
//   mongosh "$DATAEXPORT_MONGODB_URI" --file deploy/mongodb/export-jobs-indexes.js
//
// (the database is DATAEXPORT_DB if set, else "dataexport", as DATAEXPORT_MONGODB_DATABASE's
// default). Both services also create these at start-up (createIndex is idempotent), so this
// script is for clusters where the services' MongoDB user may not create indexes, or where an
// operator builds them ahead of a first deployment on a large collection.
//
// It mirrors export-core's ExportJobIndexes.java; deploy-check's MongoIndexScriptTest fails when
// the two differ (names, keys and their order, unique, sparse). The four unique indexes are
// SPARSE over fields only an active job carries: they are the per-user rules (one PROCESSING
// export per user, no duplicate active request, at most N queued, one job per idempotency key).
// Do not change one into a partial index by hand: the services would then find an index of the
// same name with other options and fail to start.

const databaseName =
  typeof process !== "undefined" && process.env.DATAEXPORT_DB ? process.env.DATAEXPORT_DB : "dataexport";
const collectionName = "export_jobs";

// BEGIN INDEXES (JSON: MongoIndexScriptTest reads this block)
const indexes = [
  {"name": "one_processing_export_per_user", "key": {"processing_slot": 1}, "unique": true, "sparse": true},
  {"name": "one_active_job_per_request", "key": {"active_request": 1}, "unique": true, "sparse": true},
  {"name": "queued_exports_per_user", "key": {"queue_slot": 1}, "unique": true, "sparse": true},
  {"name": "one_job_per_idempotency_key", "key": {"idempotency_key": 1}, "unique": true, "sparse": true},
  {"name": "user_exports_newest_first", "key": {"enterprise_uid": 1, "user_id": 1, "created_at": -1, "_id": -1}},
  {"name": "workspace_exports_newest_first", "key": {"enterprise_uid": 1, "kind": 1, "created_at": -1, "_id": -1}},
  {"name": "enterprise_exports_oldest_first", "key": {"enterprise_uid": 1, "created_at": 1, "_id": 1}},
  {"name": "status_lease", "key": {"status": 1, "lease_expires_at": 1}},
  {"name": "status_updated_at", "key": {"status": 1, "updated_at": 1}},
  {"name": "status_archive_expires_at", "key": {"status": 1, "archive.expires_at": 1}},
  {"name": "unpublished_outbox", "key": {"outbox_since": 1}, "sparse": true}
];
// END INDEXES

const target = db.getSiblingDB(databaseName).getCollection(collectionName);
for (const index of indexes) {
  const options = {name: index.name};
  if (index.unique) options.unique = true;
  if (index.sparse) options.sparse = true;
  print(`${databaseName}.${collectionName}: ${index.name} -> ${target.createIndex(index.key, options)}`);
}
