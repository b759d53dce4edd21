#!/usr/bin/env node
// Checks X12 834 files with an X12 parser that Cadre did not write:
// node-x12 in strict mode. Strict mode refuses an ISA that is not 106
// characters, segments outside a group or transaction set, an SE01 that
// does not count the segments from ST to SE, SE02 != ST02, GE01 != number
// of ST, GE02 != GS06, IEA01 != number of GS, and IEA02 != ISA13. On the
// parsed result this script also requires every envelope to be closed
// (node-x12 does not), every transaction set to be an 834, and counts the
// members (INS segments).
//
// Usage: node check.js FILE...
// Prints one line per file and exits 1 when any file fails, 2 on misuse.
'use strict'

const fs = require('fs')
const { X12Parser } = require('node-x12')

function check (file) {
  const text = fs.readFileSync(file, 'utf8')
  const parsed = new X12Parser(true).parse(text)
  // A file with more than one ISA parses to an X12FatInterchange, an
  // array of interchanges.
  const interchanges = Array.isArray(parsed) ? Array.from(parsed) : [parsed]
  const summary = []
  for (const ic of interchanges) {
    if (ic === undefined || ic.header === undefined) throw new Error('no ISA segment')
    if (ic.trailer === undefined) throw new Error('interchange has no IEA trailer')
    if (ic.functionalGroups.length === 0) throw new Error('interchange has no functional group')
    let sets = 0
    let members = 0
    for (const group of ic.functionalGroups) {
      if (group.trailer === undefined) throw new Error(`group ${group.header.valueOf(6)} has no GE trailer`)
      if (group.transactions.length === 0) throw new Error(`group ${group.header.valueOf(6)} has no transaction set`)
      for (const tx of group.transactions) {
        const id = tx.header.valueOf(1)
        if (id !== '834') throw new Error(`transaction set ${tx.header.valueOf(2)} is ST01=${id}, not 834`)
        if (tx.trailer === undefined) throw new Error(`transaction set ${tx.header.valueOf(2)} has no SE trailer`)
        members += tx.segments.filter(s => s.tag === 'INS').length
        sets++
      }
    }
    summary.push(`ST01=834 ISA13=${ic.header.valueOf(13)} groups=${ic.functionalGroups.length} sets=${sets} INS=${members}`)
  }
  return summary.join('; ')
}

function main (files) {
  if (files.length === 0) {
    console.error('usage: node check.js FILE...')
    return 2
  }
  let failed = 0
  for (const file of files) {
    try {
      console.log(`ok   ${file}: ${check(file)}`)
    } catch (err) {
      failed++
      console.log(`FAIL ${file}: ${err.message}`)
    }
  }
  return failed > 0 ? 1 : 0
}

process.exitCode = main(process.argv.slice(2))
