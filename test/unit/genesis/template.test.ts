import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keyAddress, parseKeyInfoHex } from '../../../src/core/crypto/index.js'
import type { TokenAmount } from '../../../src/core/types.js'
import {
  addMiners, DEFAULT_NETWORK_PARAMS, newTemplate, readPreSealFile, readTemplate, templateKeysDir, writeTemplate, writeTemplateKeys
} from '../../../src/chain/genesis/index.js'
import { fakeMiner } from './kit.js'

async function tempDir (t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nelumbo-template-'))
  t.after(async () => { await rm(dir, { recursive: true, force: true }) })
  return dir
}

test('a new template has Lotus\'s keys, our network parameters and funded accounts with keys beside it', async (t) => {
  const dir = await tempDir(t)
  const path = join(dir, 'localnet.json')
  const { template, keys } = newTemplate({ accounts: 2, params: { BlockDelayMs: 500 } })
  assert.match(template.NetworkName, /^localnet-[0-9a-f-]{36}$/)
  assert.equal(keys.length, 4) // two accounts, the verifreg root, the remainder
  await writeTemplate(path, template)
  const files = await writeTemplateKeys(path, keys)
  const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
  assert.deepEqual(Object.keys(json), ['NetworkVersion', 'Accounts', 'Miners', 'NetworkName', 'VerifregRootKey', 'RemainderAccount', 'NetworkParams'])
  assert.deepEqual(json.Miners, [])
  assert.equal((json.NetworkParams as Record<string, unknown>).BlockDelayMs, 500)
  assert.equal((json.NetworkParams as Record<string, unknown>).ConsensusMinerMinPower, '2048')
  assert.equal(files.length, 4)
  assert.equal((await stat(templateKeysDir(path))).mode & 0o777, 0o700)
  for (const f of files) {
    assert.equal((await stat(f)).mode & 0o777, 0o600)
    const key = parseKeyInfoHex(await readFile(f, 'utf8'))
    assert.equal(join(templateKeysDir(path), `${keyAddress(key).toString()}.key`), f)
  }
  const back = await readTemplate(path)
  assert.deepEqual(back.NetworkParams, { ...DEFAULT_NETWORK_PARAMS, BlockDelayMs: 500 })
  assert.equal(back.Accounts.length, 2)
  assert.equal(back.Timestamp, 0)
})

test('add-miner appends the miner and funds its owner; IDs must follow on from t01000', async () => {
  const { template } = newTemplate({ accounts: 0 })
  const balance = (50_000_000n * 10n ** 18n) as TokenAmount
  const one = addMiners(template, new Map([['t01000', fakeMiner(1000n)]]), balance, 'pre-seal-t01000.json')
  assert.equal(one.Miners.length, 1)
  assert.equal(one.Accounts.length, 1)
  const acct = one.Accounts[0]!
  assert.equal(acct.Type, 'account')
  assert.equal(acct.Balance, balance)
  assert.equal(template.Miners.length, 0, 'the input template is not changed')
  assert.throws(() => addMiners(one, new Map([['t01000', fakeMiner(1000n)]]), balance, 'again.json'),
    /again\.json: tried to set miner t01000 as t01001/)
  const two = addMiners(one, new Map([['t01001', fakeMiner(1001n)]]), balance, 'x.json')
  assert.equal(two.Miners.length, 2)
  assert.throws(() => addMiners(template, new Map([['t01000', fakeMiner(1000n, 536870912)]]), balance, 'big.json'),
    /big\.json: .*536870912-byte sectors.*SupportedSectorSizes/)
})

test('bad templates and pre-seal files are refused naming the file and the field', async (t) => {
  const dir = await tempDir(t)
  const path = join(dir, 't.json')
  await assert.rejects(readTemplate(path), (err: Error) => err.message === `${path}: cannot read genesis template: no such file`)
  await writeFile(path, '{"NetworkVersion": 25,')
  await assert.rejects(readTemplate(path), (err: Error) => err.message.startsWith(`${path}: not valid JSON`))

  const { template } = newTemplate({ accounts: 1 })
  await writeTemplate(path, template)
  const good = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>
  const broken = async (edit: (j: Record<string, unknown>) => void, pattern: RegExp): Promise<void> => {
    const j = structuredClone(good)
    edit(j)
    await writeFile(path, JSON.stringify(j))
    await assert.rejects(readTemplate(path), pattern)
  }
  await broken((j) => { (j.Accounts as Array<Record<string, unknown>>)[0]!.Balance = 12 }, /t\.json: Accounts\[0\]\.Balance: expected a decimal attoFIL string, got 12/)
  await broken((j) => { ((j.Accounts as Array<Record<string, unknown>>)[0]!.Meta as Record<string, unknown>).Owner = 'bogus' }, /t\.json: Accounts\[0\]\.Meta\.Owner/)
  await broken((j) => { (j.Accounts as Array<Record<string, unknown>>)[0]!.Type = 'wizard' }, /Accounts\[0\]\.Type: expected "account" or "multisig", got "wizard"/)
  await broken((j) => { j.NetworkName = '' }, /t\.json: NetworkName: must not be empty/)
  await broken((j) => { (j.NetworkParams as Record<string, unknown>).WPoStChallengeWindow = 7 }, /NetworkParams\.WPoStProvingPeriod: WPoStProvingPeriod \(960\) must equal/)
  await broken((j) => { (j.NetworkParams as Record<string, unknown>).Speed = 7 }, /NetworkParams\.Speed: unknown network parameter "Speed"/)
  await broken((j) => { (j.NetworkParams as Record<string, unknown>).SupportedSectorSizes = [1000] }, /SupportedSectorSizes\[0\]: 1000 is not a sector size/)

  const pre = join(dir, 'pre-seal-t01000.json')
  await writeFile(pre, JSON.stringify({ t01000: { ID: 't01000', Owner: 't01', Worker: 't01' } }))
  await assert.rejects(readPreSealFile(pre), /pre-seal-t01000\.json: t01000\.Owner: t01 is not a key address/)
  await assert.rejects(readPreSealFile(join(dir, 'missing.json')), /missing\.json: cannot read pre-seal file: no such file/)
})
