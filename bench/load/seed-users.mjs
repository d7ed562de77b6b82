// Inserts N members of an enterprise into the running stack's MongoDB, as the platform would have
// written them (docs/source-data.md): enough users that the load's creates rotate over users and
// stay under the per-user cap of 5 queued exports. Users without sessions: their exports are small.
//
//   node seed-users.mjs <mongodb-uri> <database> <enterprise-uid> <count>
//
// Idempotent: users already there (same ids) are skipped. Prints the user ids' prefix and count.
import { MongoClient } from 'mongodb'
import { loadUserId } from './load-users.mjs'

const [uri, database, enterpriseUid, countArg] = process.argv.slice(2)
if (!uri || !database || !enterpriseUid || !countArg) {
  console.error('usage: node seed-users.mjs <mongodb-uri> <database> <enterprise-uid> <count>')
  process.exit(2)
}
const count = Number(countArg)

const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 })
try {
  await client.connect()
  const users = client.db(database).collection('users')
  const joined = new Date('2025-06-02T08:00:00Z')
  const started = Date.now()
  let inserted = 0
  const BATCH = 1000
  for (let from = 0; from < count; from += BATCH) {
    const batch = []
    for (let i = from; i < Math.min(count, from + BATCH); i++) {
      const id = loadUserId(i)
      batch.push({
        _id: id,
        email: `load-${i}@${enterpriseUid}.example`,
        name: `Load user ${i}`,
        created_at: joined,
        deleted: false,
        deleted_at: null,
        locale: 'en-GB',
        password_hash: '$2a$10$not-for-export',
        enterprise_memberships: [
          { enterprise_uid: enterpriseUid, role: 'member', joined_at: joined, left_at: null }
        ]
      })
    }
    const present = new Set(
      (await users.find({ _id: { $in: batch.map(u => u._id) } }, { projection: { _id: 1 } }).toArray())
        .map(u => u._id))
    const missing = batch.filter(u => !present.has(u._id))
    if (missing.length > 0) {
      await users.insertMany(missing, { ordered: false })
      inserted += missing.length
    }
  }
  console.log(`seeded ${inserted} users (${count - inserted} already there) in ${Date.now() - started} ms`)
} finally {
  await client.close()
}
