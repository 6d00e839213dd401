import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runBin } from '../../kit/bin.js'
import { NELUMBO_VERSION } from '../../../src/version.js'

const bins = ['lotus', 'lotus-miner', 'lotus-seed', 'lotus-shed'] as const

for (const bin of bins) {
  test(`${bin} --version prints its name and the package version`, async () => {
    const r = await runBin(bin, ['--version'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, new RegExp(`^${bin} version ${NELUMBO_VERSION.replaceAll('.', '\\.')}\\+`))
  })

  test(`${bin} --help lists usage and exits 0`, async () => {
    const r = await runBin(bin, ['--help'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, new RegExp(`Usage: ${bin}`))
  })

  test(`${bin} rejects an unknown command with a non-zero exit`, async () => {
    const r = await runBin(bin, ['no-such-command'])
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, /unknown command|too many arguments/)
  })
}

test('lotus-miner --help lists the global flags and common commands', async () => {
  const r = await runBin('lotus-miner', ['--help'])
  assert.equal(r.code, 0, r.stderr)
  for (const flag of ['-a, --actor', '--color', '--miner-repo', '--markets-repo', '--call-on-markets', '--vv']) {
    assert.ok(r.stdout.includes(flag), flag)
  }
  for (const cmd of ['stop', 'config', 'version', 'auth', 'log', 'wait-api']) assert.match(r.stdout, new RegExp(`^  ${cmd}\\b`, 'm'), cmd)
})

test('lotus stops its daemon with `lotus daemon stop`', async () => {
  const r = await runBin('lotus', ['daemon', '--help'])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /^ {2}stop\s+Stop a running lotus daemon$/m)
})
