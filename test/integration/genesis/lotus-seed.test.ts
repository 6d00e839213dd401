import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBin } from '../../kit/bin.js'
import { readTemplate } from '../../../src/chain/genesis/index.js'
import { keyAddress, parseKeyInfoHex } from '../../../src/core/crypto/index.js'

test('lotus-seed pre-seal → genesis new → add-miner in a fresh HOME, as the local-network guide runs them', async (t) => {
  const home = await mkdtemp(join(tmpdir(), 'nelumbo-seed-home-'))
  t.after(async () => { await rm(home, { recursive: true, force: true }) })
  const env = { HOME: home }
  const seed = async (...args: string[]): Promise<Awaited<ReturnType<typeof runBin>>> => await runBin('lotus-seed', args, { env, cwd: home })

  const pre = await seed('pre-seal', '--sector-size', '2KiB', '--num-sectors', '2')
  assert.equal(pre.code, 0, pre.stderr)
  assert.match(pre.stdout, /sector-id: s-t01000-0/)
  const dir = join(home, '.genesis-sectors')
  assert.deepEqual((await readdir(dir)).sort(), ['cache', 'pre-seal-t01000.json', 'pre-seal-t01000.key', 'sealed', 'sectorstore.json', 'unsealed'])
  assert.deepEqual((await readdir(join(dir, 'sealed'))).sort(), ['s-t01000-0', 's-t01000-1'])

  const created = await seed('genesis', 'new', 'localnet.json', '--block-delay', '250ms', '--challenge-window', '2', '--pre-commit-challenge-delay', '3')
  assert.equal(created.code, 0, created.stderr)
  const added = await seed('genesis', 'add-miner', 'localnet.json', '~/.genesis-sectors/pre-seal-t01000.json')
  assert.equal(added.code, 0, added.stderr)

  const template = await readTemplate(join(home, 'localnet.json'))
  assert.equal(template.Miners.length, 1)
  assert.equal(template.Miners[0]!.ID.toString(), 't01000')
  assert.equal(template.Miners[0]!.Sectors.length, 2)
  assert.deepEqual([template.NetworkParams.BlockDelayMs, template.NetworkParams.WPoStChallengeWindow, template.NetworkParams.WPoStProvingPeriod, template.NetworkParams.PreCommitChallengeDelay],
    [250, 2, 96, 3])
  const owner = parseKeyInfoHex(await readFile(join(dir, 'pre-seal-t01000.key'), 'utf8'))
  const ownerAccount = template.Accounts.find((a) => a.Type === 'account' && a.Meta.Owner.equals(keyAddress(owner)))
  assert.equal(ownerAccount?.Balance, 50_000_000n * 10n ** 18n)
  assert.equal((await readdir(join(home, 'localnet.json.keys'))).length, 3)

  // Adding the same miner again is refused, naming the pre-seal file.
  const again = await seed('genesis', 'add-miner', 'localnet.json', join(dir, 'pre-seal-t01000.json'))
  assert.equal(again.code, 1)
  assert.match(again.stderr, /^ERROR: .*pre-seal-t01000\.json: tried to set miner t01000 as t01001/)
})

test('lotus-seed refuses bad flags and unsupported commands clearly', async (t) => {
  const home = await mkdtemp(join(tmpdir(), 'nelumbo-seed-home-'))
  t.after(async () => { await rm(home, { recursive: true, force: true }) })
  const seed = async (...args: string[]): Promise<Awaited<ReturnType<typeof runBin>>> => await runBin('lotus-seed', args, { env: { HOME: home }, cwd: home })
  const cases: Array<[string[], RegExp]> = [
    [['pre-seal', '--fake-sectors'], /ERROR: --fake-sectors: fake sectors are not supported/],
    [['pre-seal', '--sector-size', '3KiB'], /ERROR: --sector-size: 3072 bytes is not a sector size/],
    [['pre-seal', '--sector-size', 'big'], /ERROR: --sector-size: invalid size "big"/],
    [['pre-seal', '--miner-addr', 't1abc'], /ERROR: --miner-addr: /],
    [['pre-seal', '--key', 'nope.key'], /ERROR: --key: cannot read key file nope\.key: no such file/],
    [['genesis', 'new', 'x.json', '--block-delay', '10ms'], /ERROR: --block-delay: block delay must be at least 100ms/],
    [['genesis', 'new', 'x.json', '--proving-period', '100', '--challenge-window', '3'], /ERROR: --proving-period: proving period 100 must equal/],
    [['genesis', 'add-miner', 'missing.json', 'p.json'], /ERROR: p\.json: cannot read pre-seal file: no such file|ERROR: missing\.json: cannot read genesis template/],
    [['genesis', 'add-msigs', 'x.json', 'a.csv'], /ERROR: genesis add-msigs: multisig actors are not supported/],
    [['genesis', 'set-signers', 'x.json'], /ERROR: genesis set-signers: multisig actors are not supported/]
  ]
  for (const [args, pattern] of cases) {
    const r = await seed(...args)
    assert.equal(r.code, 1, `${args.join(' ')}: ${r.stdout}${r.stderr}`)
    assert.match(r.stderr, pattern, args.join(' '))
  }
})
