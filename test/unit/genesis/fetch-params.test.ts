import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Command } from 'commander'
import { executeProgram } from '../../../src/cli/program.js'
import { fetchParamsCommand } from '../../../src/cli/lotus/fetch-params.js'

async function run (args: string[]): Promise<{ code: number, out: string, err: string }> {
  let out = ''
  let err = ''
  const program = new Command('lotus').addCommand(fetchParamsCommand((t) => { out += t }))
  const code = await executeProgram(program, args, { from: 'user', output: { stdout: (t) => { out += t }, stderr: (t) => { err += t } } })
  return { code, out, err }
}

test('lotus fetch-params says the dev proofs need no parameters', async () => {
  const r = await run(['fetch-params', '2048'])
  assert.equal(r.code, 0)
  assert.match(r.out, /needs no proof parameters: nothing to fetch for 2KiB sectors/)
  assert.equal((await run(['fetch-params', '32GiB'])).code, 0)
  const bad = await run(['fetch-params', '3000'])
  assert.equal(bad.code, 1)
  assert.match(bad.err, /ERROR: sectorSize: 3000 bytes is not a sector size/)
  const none = await run(['fetch-params'])
  assert.match(none.err, /must pass sector size to fetch params for/)
})
