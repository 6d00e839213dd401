// `npm start`'s program (dist/src/devnet/main.js) as a user runs it, in a temp folder with free
// ports and 1 s epochs: the local-network sequence, then the split stack — the daemon, the
// mining node and a markets node made from its backup; the genesis miner mines the blocks and its
// sectors keep their power; the chain points at the markets node; Ctrl-C (SIGINT) stops all
// three; a second start reuses the devnet and the chain goes on from where it was.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FullNodeContract } from '../../../src/api/fullnode/index.js'
import { parseAddress } from '../../../src/core/address/index.js'
import { createRpcClient } from '../../../src/rpc/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { waitFor } from '../../kit/devnet.js'

const main = fileURLToPath(new URL('../../../src/devnet/main.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'nelumbo-npm-start-'))
let current: { child: ChildProcess, out: () => string, exited: Promise<number | null> } | undefined

function start (): NonNullable<typeof current> {
  const child = spawn(process.execPath, [main, '--dir', dir, '--block-delay', '1s', '--daemon-api', '0', '--miner-api', '0', '--markets-api', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.setEncoding('utf8').on('data', (s: string) => { out += s })
  child.stderr!.setEncoding('utf8').on('data', (s: string) => { out += s })
  const exited = new Promise<number | null>((resolve) => { child.once('exit', (code) => { resolve(code) }) })
  current = { child, out: () => out, exited }
  return current
}

async function client (): Promise<ReturnType<typeof createRpcClient<typeof FullNodeContract>>> {
  const api = readFileSync(join(dir, 'lotus', 'api'), 'utf8').trim()
  const token = readFileSync(join(dir, 'lotus', 'token'), 'utf8').trim()
  return createRpcClient(FullNodeContract, { url: `http://127.0.0.1:${/\/tcp\/(\d+)/.exec(api)![1]}/rpc/v1`, token })
}

after(async () => {
  if (current !== undefined && current.child.exitCode === null) {
    current.child.kill('SIGINT')
    await current.exited
  }
  rmSync(dir, { recursive: true, force: true })
})

describe('npm start', () => {
  let lastHeight = 0

  test('creates a devnet whose genesis miner mines and proves; Ctrl-C stops it', async () => {
    const run = start()
    await waitFor(async () => run.out().includes('Press Ctrl-C to stop.') || (run.child.exitCode !== null && assert.fail(run.out())), 'the devnet to start', 90_000)
    assert.match(run.out(), /\$ lotus-seed genesis add-miner /)
    assert.match(run.out(), /\$ lotus-miner init --genesis-miner --actor=t01000 /)
    assert.match(run.out(), /export LOTUS_MINER_PATH=/)
    assert.match(run.out(), /\$ lotus-miner backup .*backup\.cbor/)
    assert.match(run.out(), /\$ lotus-miner --markets-repo \S+lotusmarkets init service --type=markets /)
    assert.match(run.out(), /\$ lotus-miner actor set-addrs \/ip4\/127\.0\.0\.1\/tcp\/\d+/)
    assert.match(readFileSync(join(dir, 'lotusminer', 'config.toml'), 'utf8'), /^\s*EnableMarkets = false$/m)
    const api = await client()
    try {
      // The chain names the markets node: its peer ID (init service) and address (set-addrs).
      const info = await waitFor(async () => { const mi = await api.StateMinerInfo(parseAddress('t01000'), TipSetKey.empty); return (mi.Multiaddrs ?? []).length > 0 && mi }, 'the markets address on chain', 30_000)
      const marketsLog = readFileSync(join(dir, 'lotusmarkets.log'), 'utf8')
      assert.ok(info.PeerId !== null && marketsLog.includes(info.PeerId), 'the on-chain peer ID is the markets node\'s')
      const head = await waitFor(async () => { const h = await api.ChainHead(); return h.height >= 3 && h }, 'three blocks', 30_000)
      assert.ok(head.blocks.every((b) => b.Miner.toString() === 't01000'))
      const power = await api.StateMinerPower(parseAddress('t01000'), TipSetKey.empty)
      assert.equal(power.MinerPower.RawBytePower, 4096n)
      lastHeight = head.height
    } finally {
      await api.close()
    }
    run.child.kill('SIGINT')
    assert.equal(await run.exited, 0, run.out())
    assert.match(run.out(), /Stopping the devnet\.\.\.\nStopped\./)
    assert.ok(!existsSync(join(dir, 'lotus', 'api')), 'the daemon removed its api file')
    assert.ok(!existsSync(join(dir, 'lotusminer', 'api')), 'the miner removed its api file')
    assert.ok(!existsSync(join(dir, 'lotusmarkets', 'api')), 'the markets node removed its api file')
  })

  test('a second start reuses the devnet and the chain goes on', async () => {
    const run = start()
    await waitFor(async () => run.out().includes('Press Ctrl-C to stop.') || (run.child.exitCode !== null && assert.fail(run.out())), 'the devnet to restart', 60_000)
    assert.match(run.out(), /Reusing the devnet in /)
    assert.doesNotMatch(run.out(), /lotus-seed/)
    assert.doesNotMatch(run.out(), /init service/)
    assert.match(run.out(), /LOTUS_MINER_PATH=\S+lotusmarkets .*lotus-miner run --nosync/)
    const api = await client()
    try {
      await waitFor(async () => (await api.ChainHead()).height > lastHeight + 2, 'the chain to go on', 30_000)
    } finally {
      await api.close()
    }
    run.child.kill('SIGINT')
    assert.equal(await run.exited, 0, run.out())
  })
})
