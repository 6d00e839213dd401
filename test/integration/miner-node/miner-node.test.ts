// The local-network guide's miner steps with our binaries as child processes: a daemon on a fresh
// devnet (test kit, short block delay), `lotus-miner init --genesis-miner --actor=<miner>
// --sector-size=2KiB --pre-sealed-sectors=… --pre-sealed-metadata=… --nosync`, then
// `lotus-miner run --nosync`; `sectors list` shows the pre-sealed sectors, `info` and
// `sectors status` answer, `stop` ends the process cleanly. The sectors are pre-sealed for the
// genesis miner t01000, added to the genesis with `genesis add-miner`.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { binPath, runBin } from '../../kit/bin.js'
import { startDaemon, type DaemonProcess } from '../../kit/daemon.js'
import { BlockProducer } from '../../kit/block-producer.js'
import { parseAddress } from '../../../src/core/address/index.js'

const minerId = 't01000'

const dir = mkdtempSync(join(tmpdir(), 'nelumbo-miner-node-'))
const lotusRepo = join(dir, 'lotus')
const minerRepo = join(dir, 'lotusminer')
const sectorDir = join(dir, 'genesis-sectors')
const template = join(dir, 'localnet.json')
const car = join(dir, 'devgen.car')
const preSealMeta = join(sectorDir, `pre-seal-${minerId}.json`)
let daemon: DaemonProcess | undefined
let miner: ChildProcess | undefined
let minerErr = ''
let minerExit: Promise<number | null> | undefined
let funded = ''

const env = (): NodeJS.ProcessEnv => ({ ...daemon?.env, LOTUS_PATH: lotusRepo, LOTUS_MINER_PATH: minerRepo, GOLOG_LOG_LEVEL: 'info' })

async function cli (name: 'lotus' | 'lotus-seed' | 'lotus-miner', args: string[]): Promise<string> {
  const r = await runBin(name, args, { env: env() })
  assert.equal(r.code, 0, `${name} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`)
  return r.stdout
}

before(async () => {
  await cli('lotus', ['fetch-params', '2048'])
  await cli('lotus-seed', ['--sector-dir', sectorDir, 'pre-seal', '--miner-addr', minerId, '--sector-size', '2KiB', '--num-sectors', '2'])
  const out = await cli('lotus-seed', ['genesis', 'new', template, '--block-delay', '1s', '--network-name', 'miner-itest'])
  funded = /account (\S+)/.exec(out)?.[1] ?? ''
  assert.notEqual(funded, '', out)
  await cli('lotus-seed', ['genesis', 'add-miner', template, preSealMeta])
  daemon = await startDaemon({ repo: lotusRepo, args: [`--lotus-make-genesis=${car}`, `--genesis-template=${template}`] })
  await cli('lotus', ['wallet', 'import', '--as-default', join(sectorDir, `pre-seal-${minerId}.key`)])
  await cli('lotus', ['wallet', 'import', join(`${template}.keys`, `${funded}.key`)])
})

after(async () => {
  if (miner !== undefined && miner.exitCode === null && miner.signalCode === null) {
    miner.kill('SIGKILL')
    await minerExit
  }
  await daemon?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('lotus-miner init and run on a devnet', () => {
  test('init --genesis-miner imports the pre-sealed sectors and writes the repo', async () => {
    const r = await runBin('lotus-miner', ['init', '--genesis-miner', `--actor=${minerId}`, '--sector-size=2KiB',
      `--pre-sealed-sectors=${sectorDir}`, `--pre-sealed-metadata=${preSealMeta}`, '--nosync'], { env: env() })
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.match(r.stderr, /Miner successfully created, you can now start it with 'lotus-miner run'/)
    assert.ok(existsSync(join(minerRepo, 'config.toml')))
    assert.ok(existsSync(join(minerRepo, 'sectorstore.json')))
    const storage = JSON.parse(readFileSync(join(minerRepo, 'storage.json'), 'utf8')) as { StoragePaths: Array<{ Path: string }> }
    assert.deepEqual(storage.StoragePaths.map((p) => p.Path), [minerRepo, sectorDir])
    const again = await runBin('lotus-miner', ['init', '--genesis-miner', `--actor=${minerId}`, '--sector-size=2KiB', '--nosync'], { env: env() })
    assert.equal(again.code, 1)
    assert.match(again.stderr, /repo at '.*' is already initialized/)
  })

  test('run serves the miner API; sectors list, status and info answer', async () => {
    miner = spawn(process.execPath, [binPath('lotus-miner'), 'run', '--nosync', '--miner-api', '0'], { env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] })
    minerExit = new Promise((resolve) => { miner!.once('exit', (code) => { resolve(code) }) })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`lotus-miner run did not start:\n${minerErr}`)) }, 60_000)
      miner!.stderr!.setEncoding('utf8').on('data', (d: string) => {
        minerErr += d
        if (minerErr.includes('"miner node started"')) { clearTimeout(timer); resolve() }
      })
      void minerExit!.then((code) => { clearTimeout(timer); reject(new Error(`lotus-miner run exited with ${String(code)}:\n${minerErr}`)) })
    })
    assert.match(readFileSync(join(minerRepo, 'api'), 'utf8'), /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/http$/)

    const list = await cli('lotus-miner', ['sectors', 'list'])
    const lines = list.trimEnd().split('\n')
    assert.match(lines[0]!, /^ID\s+State\s+OnChain\s+Active\s+Expiration\s+Deals\s+DealWeight/)
    assert.match(lines[1]!, /^0\s+Proving\s+/)
    assert.match(lines[2]!, /^1\s+Proving\s+/)
    assert.equal(lines.length, 3)

    const st = await cli('lotus-miner', ['sectors', 'status', '--log', '1'])
    assert.match(st, /^SectorID:\t1\nStatus:\t\tProving\nCIDcommD:\tbaga/)
    assert.match(st, /Event Log:\n0\.\t.*\[event;sealing\.SectorRestart\]\timported pre-sealed sector 1/)

    const info = await cli('lotus-miner', ['info'])
    // A monolith (EnableMarkets defaults to true, as in Lotus) answers the markets API too.
    assert.match(info, /^Enabled subsystems \(from miner API\): \[Mining Sealing SectorStorage Markets\]\nEnabled subsystems \(from markets API\): \[Mining Sealing SectorStorage Markets\]\n/)
    assert.match(info, new RegExp(`Miner: ${minerId} \\(2 KiB sectors\\)`))
    assert.match(info, /Sectors:\n\tTotal: 2\n\tProving: 2\n/)
    assert.match(info, /\nPower: 4 Ki \/ 4 Ki \(100\.0000%\)\n\tRaw: 4 KiB \/ 4 KiB \(100\.0000%\)\n/)

    // The mining subsystem produces the chain's blocks: the head moves on while the miner runs.
    const from = (await daemon!.api.ChainHead()).height
    const deadline = Date.now() + 30_000
    while ((await daemon!.api.ChainHead()).height < from + 2) {
      assert.ok(Date.now() < deadline, `no blocks mined after height ${from}:\n${minerErr}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    const head = await daemon!.api.ChainHead()
    assert.ok(head.blocks.every((b) => b.Miner.toString() === minerId))

    assert.equal(await cli('lotus-miner', ['sectors', 'pledge']), 'Created CC sector:  2\n')
    assert.match(await cli('lotus-miner', ['sectors', 'list', '--fast']), /\n2\s+\S+\s+/)

    const storage = await cli('lotus-miner', ['storage', 'list'])
    assert.match(storage, new RegExp(sectorDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
  })

  test('stop ends the process cleanly and removes the api file', async () => {
    await cli('lotus-miner', ['stop'])
    assert.equal(await minerExit, 0)
    assert.ok(!existsSync(join(minerRepo, 'api')))
    assert.match(minerErr, /"miner node stopped"/)
  })

  test('init without --actor creates a new miner through the power actor', async () => {
    // Blocks come from the test kit's producer for the genesis miner until the mining subsystem runs them.
    const producer = new BlockProducer(daemon!.api, { miner: parseAddress(minerId), sectorDir, blockDelayMs: 1000 })
    await producer.start()
    try {
      const repo2 = join(dir, 'miner2')
      const r = await runBin('lotus-miner', ['init', '--sector-size=2KiB', `--owner=${funded}`, '--create-worker-key', '--nosync'], { env: { ...env(), LOTUS_MINER_PATH: repo2 } })
      assert.equal(r.code, 0, r.stdout + r.stderr)
      assert.match(r.stderr, /Created new worker: t3\S+\n/)
      assert.match(r.stderr, /Initializing worker account t3\S+, message: bafy/)
      assert.match(r.stderr, /New miners address is: t0100[1-9] \(t2\S+\)/)
      assert.match(r.stderr, /Miner successfully created/)
      assert.ok(existsSync(join(repo2, 'config.toml')))
    } finally {
      await producer.stop()
    }
  })
})
