// The indexes the export services rely on in the platform's source collections (the users' data
// they read, docs/source-data.md), for the platform's operators to apply with mongosh:
//
//   mongosh "$DATAEXPORT_MONGODB_URI" --file deploy/mongodb/source-indexes.js
//
// (the database is DATAEXPORT_DB if set, else "dataexport"). These collections belong to the
// platform, not to this service, so the services create these indexes at start only when
// DATAEXPORT_MONGODB_CREATE_SOURCE_INDEXES=true.
//
// Every read of a user's records is an equality on user_id. {user_id, created_at, _id} serves them
// sort included (the export reads oldest first, the task list newest first: the same index walked
// backwards).
//
// It mirrors export-core's SourceIndexes.java; deploy-check's SourceIndexScriptTest fails when the
// two differ (collections, names, keys and their order).

const databaseName =
  typeof process !== "undefined" && process.env.DATAEXPORT_DB ? process.env.DATAEXPORT_DB : "dataexport";

// BEGIN INDEXES (JSON: SourceIndexScriptTest reads this block)
const indexes = [
  {"collection": "users", "name": "members_by_enterprise", "key": {"enterprise_memberships.enterprise_uid": 1}},
  {"collection": "users", "name": "users_by_email", "key": {"email": 1}},
  {"collection": "platform_users", "name": "user_records_by_time", "key": {"user_id": 1, "created_at": 1, "_id": 1}},
  {"collection": "user_client_configs", "name": "user_records_by_time", "key": {"user_id": 1, "created_at": 1, "_id": 1}},
  {"collection": "user_personalization", "name": "user_records_by_time", "key": {"user_id": 1, "created_at": 1, "_id": 1}},
  {"collection": "projects", "name": "user_records_by_time", "key": {"user_id": 1, "created_at": 1, "_id": 1}},
  {"collection": "sessions", "name": "user_records_by_time", "key": {"user_id": 1, "created_at": 1, "_id": 1}},
  {"collection": "session_files", "name": "user_records_by_time", "key": {"user_id": 1, "created_at": 1, "_id": 1}},
  {"collection": "skills", "name": "user_records_by_time", "key": {"user_id": 1, "created_at": 1, "_id": 1}},
  {"collection": "user_knowledge", "name": "user_records_by_time", "key": {"user_id": 1, "created_at": 1, "_id": 1}},
  {"collection": "notifications", "name": "user_records_by_time", "key": {"user_id": 1, "created_at": 1, "_id": 1}},
  {"collection": "team_user_relations", "name": "user_records_by_time", "key": {"user_id": 1, "created_at": 1, "_id": 1}},
  {"collection": "teams", "name": "enterprise_records_by_time", "key": {"enterprise_uid": 1, "created_at": 1, "_id": 1}},
  {"collection": "team_user_relations", "name": "enterprise_records_by_time", "key": {"enterprise_uid": 1, "created_at": 1, "_id": 1}},
  {"collection": "projects", "name": "enterprise_records_by_time", "key": {"enterprise_uid": 1, "created_at": 1, "_id": 1}}
];
// END INDEXES

const database = db.getSiblingDB(databaseName);
for (const index of indexes) {
  const created = database.getCollection(index.collection).createIndex(index.key, {name: index.name});
  print(`${databaseName}.${index.collection}: ${index.name} -> ${created}`);
}
