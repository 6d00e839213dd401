// docs/sealing-states.md is generated from the transition table: this test writes it and
// checks that every edge of the table is in it, so the committed page never drifts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FINAL_STATES, SECTOR_STATES, TRANSITIONS, sealingStatesDoc } from '../../../src/sealing/index.js'
import { HANDLERS } from '../../../src/sealing/handlers/index.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')
const file = join(root, 'docs', 'sealing-states.md')

test('docs/sealing-states.md is regenerated and matches the table', () => {
  const doc = sealingStatesDoc()
  writeFileSync(file, doc)
  const text = readFileSync(file, 'utf8')
  assert.equal(text, doc)
  for (const state of SECTOR_STATES) {
    const edges: Readonly<Record<string, string>> = TRANSITIONS[state]
    for (const [event, to] of Object.entries(edges)) assert.ok(text.includes(`    ${state} --> ${to}: ${event}\n`), `${state} --${event}--> ${to}`)
  }
})

test('every target is a state, and every state that can be left has a way out or is final', () => {
  const states = new Set<string>(SECTOR_STATES)
  for (const state of SECTOR_STATES) {
    const edges: Readonly<Record<string, string>> = TRANSITIONS[state]
    for (const to of Object.values(edges)) assert.ok(states.has(to), `${state} -> ${to}`)
    // A state whose handler does work must have somewhere to go (or end with a global event).
    if (HANDLERS[state] !== null && !FINAL_STATES.has(state)) assert.ok(Object.keys(edges).length > 0 || ['DealsExpired', 'RemoveFailed', 'TerminateFailed', 'TerminateFinality'].includes(state), state)
  }
})
