// Prints the results of create-export-latency.mjs runs as one Markdown table.
const f = x => x.toFixed(1)

/** CPU of everything but the stack and the load generator (e.g. another build), % of one CPU. */
function otherPct (r, cpus) {
  if (r.cpu.stackPct === undefined) return '—'
  return Math.max(0, r.cpu.machineBusyPct * cpus - r.cpu.stackPct - r.cpu.loadGeneratorPct).toFixed(0) + ' %'
}

export function printTable (runs) {
  console.log('\nCreateExport and GET /openapi.yaml latency, ms; CPU in % of one CPU (200 % = both of 2)\n')
  console.log('| tool | rate /s | s | endpoint | answers | answered /s | p50 | p99 | p99.9 | max | non-200 | load avg (1 min) at start | stack JVM CPU | other processes\' CPU |')
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const run of runs) {
    for (const r of run.results) {
      const non200 = Object.entries(r.statuses).filter(([s]) => s !== '200').map(([s, c]) => `${c}×${s}`).join(' ') || '0'
      console.log(`| ${r.tool} | ${r.rate} | ${r.seconds} | ${r.endpoint === 'create' ? 'CreateExport' : 'GET /openapi.yaml'} | ${r.n} | ${r.achievedRate.toFixed(0)} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.p999)} | ${f(r.max)} | ${non200}${r.errors ? ` ${r.errors} errors` : ''} | ${r.loadAtStart.toFixed(2)} | ${r.cpu.stackPct === undefined ? '—' : r.cpu.stackPct.toFixed(0) + ' %'} | ${otherPct(r, run.cpus ?? 2)} |`)
    }
  }
}
