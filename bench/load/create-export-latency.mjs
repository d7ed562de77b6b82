// CreateExport latency at fixed request rates, beside a trivial endpoint of the same gateway
// (GET /openapi.yaml) at the same rates, against a running embedded stack. Prints a table.
//
//   node create-export-latency.mjs --facts <data>/standalone.json --users N [--rates 100,300,1000]
//     [--duration 20 | 100:30,300:20] [--warmup 20] [--tools paced,autocannon] [--pid <stack pid>]
//     [--drain-timeout 1200] [--jfr-rate 300 --jfr-file stack.jfr] [--out results.json]
//
// Two load generators, each at the same fixed rates:
//  - paced: open loop; request i leaves at start + i/rate whatever the answers before it did, and
//    its latency is counted from that planned time (so a stalled server is not hidden by requests
//    that were never sent: no coordinated omission);
//  - autocannon (9.0.0, overallRate): its rate limit lets each connection send its share of a
//    second's requests back to back from the start of each second, so it offers bursts; its
//    latencies are recorded here from its 'response' events (autocannon's own corrected histogram
//    uses an expected interval of ceil(1/rate) ms, i.e. 1 ms, and adds synthetic samples).
// Every create names a different user (rotating over the seeded load users) and a different
// end_time, so none is deduped and no user reaches the per-user cap of 5 queued exports.
// Before each rate's rows the worker's backlog (the warm-up's exports) is left to drain, for at
// most --drain-timeout seconds, so the rows start from an idle worker. For each row it samples the
// CPU of the stack's JVM by thread (/proc/<pid>/task), of this process and of the machine.
// create-export-latency.sh runs it once per rate and tool, each time on a fresh stack.
import { execFileSync } from 'node:child_process'
import http from 'node:http'
import fs from 'node:fs'
import os from 'node:os'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { MongoClient } from 'mongodb'
import { loadUserId } from './load-users.mjs'
import { printTable } from './table.mjs'

const { values: opt } = parseArgs({
  options: {
    facts: { type: 'string' },
    users: { type: 'string', default: '20000' },
    rates: { type: 'string', default: '100,300,1000' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '15' },
    tools: { type: 'string', default: 'paced,autocannon' },
    pid: { type: 'string' },
    'jfr-rate': { type: 'string' },
    'jfr-file': { type: 'string' },
    'drain-timeout': { type: 'string', default: '1200' },
    out: { type: 'string' }
  }
})
const facts = JSON.parse(fs.readFileSync(opt.facts, 'utf8'))
const base = new URL(facts.base_url)
const USERS = Number(opt.users)
const RATES = opt.rates.split(',').map(Number)
// seconds per row: one number for every rate, or rate:seconds pairs (100:30,300:20,1000:10)
const DURATIONS = new Map(opt.duration.includes(':')
  ? opt.duration.split(',').map(p => p.split(':').map(Number))
  : opt.rates.split(',').map(r => [Number(r), Number(opt.duration)]))
const WARMUP = Number(opt.warmup)
const TOOLS = opt.tools.split(',')
const PID = opt.pid ? Number(opt.pid) : null
const users = Array.from({ length: USERS }, (_, i) => loadUserId(i))
const END = Date.parse('2026-01-01T00:00:00Z')
let sequence = 0 // every create, of every phase: its user and its end_time

function createBody () {
  const i = sequence++
  return JSON.stringify({
    user_id: users[i % USERS],
    scope: 'ENTERPRISE_EXPORT_SCOPE_FULL',
    end_time: new Date(END - i).toISOString()
  })
}

const ENDPOINTS = {
  openapi: { method: 'GET', path: '/openapi.yaml', headers: {}, body: () => undefined },
  create: {
    method: 'POST',
    path: '/v2/enterprise.export.create',
    headers: { 'content-type': 'application/json', 'x-api-key': facts.api_key },
    body: createBody
  }
}

// ---- the paced (open-loop) generator -------------------------------------------------------

async function paced (endpoint, rate, seconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 })
  const total = Math.round(rate * seconds)
  const latencies = []
  const statuses = {}
  let errors = 0
  let sent = 0
  let done = 0
  let maxInFlight = 0
  let lateSends = 0 // sent more than 5 ms after their planned time (the generator fell behind)
  const start = performance.now() + 20
  await new Promise(resolve => {
    function send (planned) {
      const body = endpoint.body()
      const headers = { ...endpoint.headers }
      if (body !== undefined) headers['content-length'] = Buffer.byteLength(body)
      const req = http.request({
        host: base.hostname, port: base.port, path: endpoint.path, method: endpoint.method, headers, agent
      }, res => {
        res.resume()
        res.on('end', () => {
          latencies.push(performance.now() - planned)
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1
          finish()
        })
      })
      req.on('error', () => { errors++; finish() })
      req.end(body)
    }
    function finish () {
      if (++done === total) resolve()
    }
    function tick () {
      const now = performance.now()
      const due = Math.min(total, Math.floor((now - start) * rate / 1000) + 1)
      while (sent < due) {
        const planned = start + sent * 1000 / rate
        if (now - planned > 5) lateSends++
        sent++
        send(planned)
      }
      maxInFlight = Math.max(maxInFlight, sent - done)
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * 1000 / rate - performance.now() - 1))
    }
    setTimeout(tick, 20)
  })
  agent.destroy()
  const elapsed = (performance.now() - start) / 1000
  return { latencies, statuses, errors, sent, elapsed, maxInFlight, lateSends }
}

// ---- autocannon at overallRate ---------------------------------------------------------------

async function cannon (endpoint, rate, seconds) {
  const latencies = []
  const statuses = {}
  const sendsPer100ms = new Map()
  const started = performance.now()
  const connections = Math.max(10, Math.min(100, Math.ceil(rate / 10)))
  const instance = autocannon({
    url: facts.base_url,
    connections,
    overallRate: rate,
    duration: seconds,
    timeout: 30,
    requests: [{
      method: endpoint.method,
      path: endpoint.path,
      headers: endpoint.headers,
      setupRequest: req => {
        const bucket = Math.floor((performance.now() - started) / 100)
        sendsPer100ms.set(bucket, (sendsPer100ms.get(bucket) ?? 0) + 1)
        const body = endpoint.body()
        return body === undefined ? req : { ...req, body }
      }
    }]
  })
  instance.on('response', (client, statusCode, resBytes, responseTime) => {
    latencies.push(responseTime)
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1
  })
  const result = await instance
  // how even the offered load was: requests sent per 100 ms window, over the steady seconds
  const windows = []
  for (let b = 10; b < seconds * 10 - 10; b++) windows.push(sendsPer100ms.get(b) ?? 0)
  windows.sort((a, b) => a - b)
  return {
    latencies,
    statuses,
    errors: result.errors + result.timeouts,
    sent: result.requests.sent,
    elapsed: result.duration,
    connections,
    autocannonP99: result.latency.p99,
    burst: { p50: q(windows, 0.5), max: windows[windows.length - 1], even: rate / 10 }
  }
}

// ---- CPU: per thread of the stack's JVM, this process, the machine ----------------------------

const CATEGORIES = [
  ['gateway HTTP threads', /^http-nio-8080/],
  ['worker (dispatch, exports, leases, listener)', /^(dispatch-|export-|container-|scheduling-|http-nio-8081|ThreadPoolTask)/],
  ['outbox relays', /^outbox-relay/],
  ['Kafka clients', /^(kafka-producer|micrometer-kafk|client-metrics)/],
  ['MongoDB-wire server + H2', /^(mongo-server|H2-|MVStore)/],
  ['Kafka broker', /^(data-plane|kafka-|broker-|controller-|group-coord|share-|raft|quorum|transaction|persister|Persister|TxnMarker|AddPartitions|LogDirFailure|ExpirationReape|executor-|SensorExpiry)/],
  ['JVM GC', /^(GC Thread|G1 )/],
  ['JVM JIT', /^(C1 |C2 )/]
]

function threadTicks (pid) {
  const ticks = new Map()
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const close = stat.lastIndexOf(')')
      const name = stat.slice(stat.indexOf('(') + 1, close)
      const fields = stat.slice(close + 2).split(' ')
      ticks.set(tid, { name, ticks: Number(fields[11]) + Number(fields[12]) })
    } catch { /* the thread ended */ }
  }
  return ticks
}

function machineTicks () {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
  const idle = cpu[3] + cpu[4]
  return { total: cpu.reduce((a, b) => a + b, 0), idle }
}

function cpuProbe () {
  const t0 = performance.now()
  const threads = PID ? threadTicks(PID) : null
  const machine = machineTicks()
  const self = process.cpuUsage()
  return () => {
    const seconds = (performance.now() - t0) / 1000
    const HZ = 100 // USER_HZ
    const m = machineTicks()
    const out = {
      machineBusyPct: 100 * (1 - (m.idle - machine.idle) / (m.total - machine.total)),
      loadGeneratorPct: (() => { const u = process.cpuUsage(self); return (u.user + u.system) / 1e4 / seconds })()
    }
    if (threads) {
      const after = threadTicks(PID)
      const byCategory = {}
      let total = 0
      for (const [tid, t] of after) {
        const delta = t.ticks - (threads.get(tid)?.ticks ?? 0)
        if (delta <= 0) continue
        const category = CATEGORIES.find(([, re]) => re.test(t.name))?.[0] ?? 'other'
        byCategory[category] = (byCategory[category] ?? 0) + delta
        total += delta
      }
      out.stackPct = 100 * total / HZ / seconds
      out.stackByCategoryPct = Object.fromEntries(
        Object.entries(byCategory).sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, +(100 * v / HZ / seconds).toFixed(1)]))
    }
    return out
  }
}

// ---- JFR of the stack's JVM during one phase -------------------------------------------------

function jcmd (...args) {
  return execFileSync('jcmd', [String(PID), ...args], { encoding: 'utf8' })
}

// ---- the backlog -----------------------------------------------------------------------------

const mongo = new MongoClient(facts.mongodb_uri, { serverSelectionTimeoutMS: 5000 })
await mongo.connect()
const jobs = mongo.db(facts.mongodb_database).collection('export_jobs')

async function drain () {
  const started = performance.now()
  let unfinished
  for (;;) {
    unfinished = await jobs.countDocuments({ status: { $in: ['EXPORT_STATUS_PENDING', 'EXPORT_STATUS_PROCESSING'] } })
    if (unfinished === 0 || performance.now() - started > Number(opt['drain-timeout']) * 1000) break
    await new Promise(resolve => setTimeout(resolve, 2000))
  }
  return { unfinished, seconds: (performance.now() - started) / 1000 }
}

// ---- the run ---------------------------------------------------------------------------------

function q (sorted, p) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]
}

function summary (r) {
  const s = Float64Array.from(r.latencies).sort()
  return {
    n: s.length,
    achievedRate: r.sent / r.elapsed,
    p50: q(s, 0.5),
    p99: q(s, 0.99),
    p999: q(s, 0.999),
    max: s[s.length - 1],
    statuses: r.statuses,
    errors: r.errors
  }
}

const log = (...a) => console.error(new Date().toISOString().slice(11, 19), ...a)
const results = []
const load = os.loadavg()
log(`load average at start ${load.map(l => l.toFixed(2)).join(' ')}; ${USERS} users; seconds per rate ${JSON.stringify(Object.fromEntries(DURATIONS))}; tools ${TOOLS}`)

// warm-up of both endpoints, not recorded (its exports are left to drain before the first row)
if (WARMUP > 0) {
  log(`warm-up ${WARMUP} s`)
  await paced(ENDPOINTS.openapi, 200, WARMUP / 3)
  await paced(ENDPOINTS.create, 50, WARMUP * 2 / 3)
}

for (const rate of RATES) {
  for (const tool of TOOLS) {
    const backlog = await drain()
    log(`${tool} ${rate}/s: backlog drained in ${backlog.seconds.toFixed(0)} s (${backlog.unfinished} unfinished)`)
    for (const name of ['openapi', 'create']) {
      const jfr = tool === TOOLS[0] && name === 'create' && Number(opt['jfr-rate']) === rate && PID && opt['jfr-file']
      if (jfr) jcmd('JFR.start', 'name=bench', 'settings=profile')
      const loadAtStart = os.loadavg()[0]
      const probe = cpuProbe()
      const raw = tool === 'paced'
        ? await paced(ENDPOINTS[name], rate, DURATIONS.get(rate))
        : await cannon(ENDPOINTS[name], rate, DURATIONS.get(rate))
      const cpu = probe()
      if (jfr) jcmd('JFR.stop', 'name=bench', `filename=${opt['jfr-file']}`)
      const row = { tool, rate, seconds: DURATIONS.get(rate), endpoint: name, loadAtStart, ...summary(raw), cpu }
      if (raw.burst) row.burst = raw.burst
      if (raw.connections) row.connections = raw.connections
      if (raw.maxInFlight !== undefined) { row.maxInFlight = raw.maxInFlight; row.lateSends = raw.lateSends }
      results.push(row)
      log(`${tool} ${rate}/s ${name}: p50 ${row.p50.toFixed(1)} p99 ${row.p99.toFixed(1)} p99.9 ${row.p999.toFixed(1)} ms ` +
        `(${row.n} answers, ${JSON.stringify(row.statuses)}, ${row.errors} errors, ${row.achievedRate.toFixed(0)}/s); ` +
        (row.burst ? `sends per 100 ms: median ${row.burst.p50}, max ${row.burst.max} (even: ${row.burst.even}); ` : '') +
        `machine ${row.cpu.machineBusyPct.toFixed(0)} % busy, stack ${row.cpu.stackPct?.toFixed(0)} % ${JSON.stringify(row.cpu.stackByCategoryPct ?? {})}, generator ${row.cpu.loadGeneratorPct.toFixed(0)} %`)
    }
  }
}
// the exports still to run when the last row ended (not waited for: the stack is stopped next)
const unfinishedAtEnd = await jobs.countDocuments({ status: { $in: ['EXPORT_STATUS_PENDING', 'EXPORT_STATUS_PROCESSING'] } })
await mongo.close()
const summaryOut = { loadAverage: load, cpus: os.cpus().length, users: USERS, unfinishedAtEnd, results }
if (opt.out) fs.writeFileSync(opt.out, JSON.stringify(summaryOut, null, 2))
printTable([summaryOut])
