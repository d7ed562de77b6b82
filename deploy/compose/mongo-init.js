// docker-compose's mongo-init: makes the single MongoDB node a replica set (rs0) once, waits until
// it is PRIMARY, then applies the job indexes an operator would apply (deploy/mongodb/).
try {
  rs.status();
  print("replica set already initiated");
} catch (e) {
  if (e.codeName !== "NotYetInitialized") throw e;
  rs.initiate({_id: "rs0", members: [{_id: 0, host: "mongo:27017"}]});
  print("replica set rs0 initiated");
}
for (let i = 0; i < 60 && !db.hello().isWritablePrimary; i++) {
  sleep(1000);
}
if (!db.hello().isWritablePrimary) throw new Error("mongo:27017 did not become PRIMARY in 60 s");
load("/deploy/mongodb/export-jobs-indexes.js");
