// The hottest methods and components of a JFR recording's execution samples.
//
//   node jfr-hot.mjs recording.jfr [top]
//
// Prints, over the jdk.ExecutionSample events: (1) the samples per component — each sample counted
// once, for the topmost frame that belongs to a known component (the MongoDB-wire server and H2,
// the Kafka broker or clients, the MongoDB driver, Tomcat, Spring, logging, JSON, this project);
// (2) the samples per MongoDB-wire server command on the stack, split into full collection scans
// (the matchDocuments variant that reads every document) and the rest; (3) the top frames (self
// time); (4) the samples per thread.
import { spawn } from 'node:child_process'
import readline from 'node:readline'

const [file, topArg] = process.argv.slice(2)
const TOP = Number(topArg ?? 15)
const COMPONENTS = [
  ['MongoDB-wire server (mongo-java-server)', /^de\.bwaldvogel\./],
  ['H2 (the MongoDB-wire server\'s storage)', /^org\.h2\./],
  ['Kafka (broker and clients)', /^(org\.apache\.kafka|kafka)\./],
  ['MongoDB Java driver / BSON', /^(com\.mongodb|org\.bson)\./],
  ['Tomcat', /^org\.apache\.(tomcat|coyote|catalina)\./],
  ['logging (logback, slf4j)', /^(ch\.qos\.logback|org\.slf4j)\./],
  ['JSON (Jackson)', /^(tools\.jackson|com\.fasterxml)\./],
  ['protobuf', /^com\.google\.protobuf\./],
  ['Netty (the MongoDB-wire server\'s network)', /^io\.netty\./],
  ['Spring', /^org\.springframework\./],
  ['this project (io.dataexport)', /^io\.dataexport\./]
]

const top = new Map()
const components = new Map()
const threads = new Map()
const commands = new Map()
let samples = 0
let frames = null
let thread = null

function count (map, key) { map.set(key, (map.get(key) ?? 0) + 1) }

function endSample () {
  if (frames === null) return
  samples++
  count(top, frames[0] ?? '(no frames)')
  const owner = frames.map(f => COMPONENTS.find(([, re]) => re.test(f))?.[0]).find(Boolean)
  count(components, owner ?? 'JDK only (no known component on the stack)')
  count(threads, (thread ?? '?').replace(/[-#]?\d+$/, '-N'))
  const command = frames.map(f => f.match(/AbstractMongoDatabase\.(command[A-Za-z]+)\(/)?.[1]).find(Boolean)
  if (command) {
    const scan = frames.some(f => /Collection\.matchDocuments\(Document, Document, int, int, int, Document\)/.test(f))
    count(commands, `${command}${scan ? ', full collection scan' : ''}`)
  } else {
    count(commands, '(no MongoDB-wire server command on the stack)')
  }
  frames = null
  thread = null
}

const jfr = spawn('jfr', ['print', '--stack-depth', '128', '--events', 'jdk.ExecutionSample', file])
const lines = readline.createInterface({ input: jfr.stdout })
let inStack = false
for await (const line of lines) {
  const t = line.trim()
  if (t.startsWith('jdk.ExecutionSample')) { endSample(); frames = []; continue }
  if (t.startsWith('sampledThread = ')) { thread = t.split('"')[1]; continue }
  if (t === 'stackTrace = [') { inStack = true; continue }
  if (inStack && t === ']') { inStack = false; continue }
  if (inStack && t !== '...') frames.push(t.replace(/\s+line:.*$/, ''))
}
endSample()

function print (title, map, n) {
  console.log(`\n${title}`)
  for (const [k, v] of [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${(100 * v / samples).toFixed(1).padStart(5)} %  ${String(v).padStart(6)}  ${k}`)
  }
}
console.log(`${samples} execution samples in ${file}`)
print('By component (topmost frame of a known component):', components, 20)
print('By MongoDB-wire server command on the stack:', commands, 20)
print(`Top frames (self time), top ${TOP}:`, top, TOP)
print('By thread:', threads, 12)
