// Lotus's own example JSON for each FullNode method, read from the API docs Lotus generates
// (filecoin-project/lotus v1.20.0, documentation/en/api-v1-unstable-methods.md and
// api-v0-methods.md, produced by Lotus's docgen), extracted verbatim into
// lotus-v1.20.0-examples.json beside this file.
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setCurrentNetwork } from '../../../src/core/address/index.js'

// Lotus's docs were generated with mainnet addresses (`f01234`); print them the same way in
// this test process (each test file runs in its own process).
setCurrentNetwork('mainnet')

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')
const file = join(root, 'test/unit/api-fullnode/lotus-v1.20.0-examples.json')

export interface LotusExample {
  perm: string
  params: unknown[]
  result: unknown
}

interface ExampleFile {
  source: string
  v1: Record<string, LotusExample>
  v0: Record<string, LotusExample>
}

export const lotusExamples = JSON.parse(readFileSync(file, 'utf8')) as ExampleFile

export function lotusExample (version: 'v0' | 'v1', method: string): LotusExample {
  const ex = lotusExamples[version][method]
  if (ex === undefined) throw new Error(`no Lotus ${version} example for ${method}`)
  return ex
}
