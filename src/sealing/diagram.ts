/** The state diagram of docs/sealing-states.md, generated from the transition table (never drawn by hand). */
import { FINAL_STATES, GLOBAL_EVENTS, GLOBAL_TARGETS, SECTOR_STATES, TRANSITIONS } from './states.js'

/** Mermaid `stateDiagram-v2` source: one edge per table entry, creation from [*], final states to [*]. */
export function sealingStatesMermaid (): string {
  const lines = ['stateDiagram-v2']
  for (const state of SECTOR_STATES) {
    const edges: Readonly<Record<string, string>> = TRANSITIONS[state]
    for (const [event, to] of Object.entries(edges)) lines.push(`    ${state} --> ${to}: ${event}`)
  }
  for (const state of SECTOR_STATES) if (FINAL_STATES.has(state)) lines.push(`    ${state} --> [*]`)
  return lines.join('\n')
}

/** The whole Markdown page. */
export function sealingStatesDoc (): string {
  const globals = GLOBAL_EVENTS.map((e) => `- \`${e}\`${GLOBAL_TARGETS[e] === undefined ? '' : ` → \`${GLOBAL_TARGETS[e]}\``}`)
  return [
    '# Sector states',
    '',
    'Generated from `src/sealing/states.ts` by `test/unit/sealing/diagram.test.ts`; do not edit by hand.',
    'Names follow Lotus (`storage/pipeline/sector_state.go`, `fsm.go`). A new sector starts in `Empty` and',
    'moves at once with `SectorStart` (deal sector) or `SectorStartCC` (pledged sector).',
    '',
    'Events every non-final state also accepts (handled by the machine, left out of the diagram):',
    '',
    ...globals,
    '',
    `Final states: ${[...FINAL_STATES].map((s) => `\`${s}\``).join(', ')}.`,
    '',
    '```mermaid',
    sealingStatesMermaid(),
    '```',
    ''
  ].join('\n')
}
