// The table of one or more results files of create-export-latency.mjs, in the order given.
//
//   node print-table.mjs results-1.json [results-2.json ...]
import fs from 'node:fs'
import { printTable } from './table.mjs'

printTable(process.argv.slice(2).map(file => JSON.parse(fs.readFileSync(file, 'utf8'))))
