/**
 * `npm start`: a local devnet in one command. Creates (first run) or reuses a devnet folder
 * (default `~/.nelumbo-devnet`, `--dir` to change) and runs Lotus's local-network sequence with
 * our binaries as real child processes:
 *
 *   lotus fetch-params 2048
 *   lotus-seed --sector-dir <dir>/genesis-sectors pre-seal --sector-size 2KiB --num-sectors 2
 *   lotus-seed genesis new <dir>/localnet.json
 *   lotus-seed genesis add-miner <dir>/localnet.json <dir>/genesis-sectors/pre-seal-t01000.json
 *   lotus daemon --lotus-make-genesis=<dir>/devgen.car --genesis-template=<dir>/localnet.json --bootstrap=false
 *   lotus wallet import --as-default <dir>/genesis-sectors/pre-seal-t01000.key
 *   lotus-miner init --genesis-miner --actor=t01000 --sector-size=2KiB --pre-sealed-sectors=… --pre-sealed-metadata=… --nosync
 *
 * then the seed's split (split.ts): the miner's config gets `EnableMarkets = false`, it runs as
 * the mining/sealing/proving node, and a markets node is made from its backup:
 *
 *   LOTUS_BACKUP_BASE_PATH=<dir> lotus-miner run --nosync
 *   lotus-miner backup <dir>/backup.cbor
 *   lotus-miner --markets-repo=<dir>/lotusmarkets init service --type=markets --api-sealer=… --api-sector-index=… --config=… <dir>/backup.cbor
 *   LOTUS_MINER_PATH=<dir>/lotusmarkets lotus-miner run --nosync
 *   lotus-miner actor set-addrs <the markets node's libp2p address>
 *
 * The mining node makes the chain's blocks and its Window PoSts keep the genesis sectors' power;
 * the markets node serves the storage ask over libp2p. Logs go to `<dir>/lotus.log`,
 * `<dir>/lotusminer.log` and `<dir>/lotusmarkets.log`; the console shows the commands, how to
 * point the CLIs at the nodes, and a status line per minute. Ctrl-C stops the markets node, the
 * mining node, then the daemon.
 */
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { FullNodeContract, type FullNodeApi } from '../api/fullnode/index.js'
import { createRpcClient } from '../rpc/index.js'
import { parseAddress } from '../core/address/index.js'
import { TipSetKey } from '../chain/types/index.js'
import { type Devnet, layout, run, say, startNode, stopChild } from './processes.js'
import { announceMarkets, disableMarketsOnMiner, hasMarketsRepo, initMarketsNode, sealerApiInfo } from './split.js'

const MINER = 't01000'

/** The first run's sequence: genesis sectors, genesis, daemon, keys, miner repo. */
async function create (d: Devnet, blockDelay: string | undefined, daemonArgs: string[], logFile: string): Promise<ChildProcess> {
  const preSealFile = join(d.sectorDir, `pre-seal-${MINER}.json`)
  await run(d, 'lotus', ['fetch-params', '2048'])
  if (!existsSync(preSealFile)) {
    await run(d, 'lotus-seed', ['--sector-dir', d.sectorDir, 'pre-seal', '--miner-addr', MINER, '--sector-size', '2KiB', '--num-sectors', '2'])
  }
  const created = await run(d, 'lotus-seed', ['genesis', 'new', d.template, ...(blockDelay !== undefined ? ['--block-delay', blockDelay] : [])])
  await run(d, 'lotus-seed', ['genesis', 'add-miner', d.template, preSealFile])
  const daemon = await startNode(d, 'lotus', ['daemon', `--lotus-make-genesis=${d.car}`, `--genesis-template=${d.template}`, '--bootstrap=false', ...daemonArgs], logFile, 'full node started')
  await run(d, 'lotus', ['wallet', 'import', '--as-default', join(d.sectorDir, `pre-seal-${MINER}.key`)])
  // The template's pre-funded account, for `lotus send` and deals.
  const account = /account (\S+)/.exec(created)?.[1]
  if (account !== undefined) await run(d, 'lotus', ['wallet', 'import', join(`${d.template}.keys`, `${account}.key`)])
  await run(d, 'lotus-miner', ['init', '--genesis-miner', `--actor=${MINER}`, '--sector-size=2KiB', `--pre-sealed-sectors=${d.sectorDir}`,
    `--pre-sealed-metadata=${preSealFile}`, '--nosync'])
  return daemon.child
}

async function main (): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      fresh: { type: 'boolean' },
      'block-delay': { type: 'string' },
      'daemon-api': { type: 'string' },
      'miner-api': { type: 'string' },
      'markets-api': { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    }
  })
  if (values.help === true) {
    say('usage: npm start [-- [--dir <devnet folder>] [--fresh] [--block-delay 4s]]')
    say('  --dir          the devnet folder (default ~/.nelumbo-devnet)')
    say('  --fresh        delete the devnet in that folder and make a new one')
    say('  --block-delay  epoch length of a new devnet (default 4s)')
    say('  --daemon-api, --miner-api, --markets-api  API ports (default 1234, 2345 and 8787, as Lotus and the split guide; 0 picks free ones)')
    return
  }
  const dir = resolve((values.dir ?? join(homedir(), '.nelumbo-devnet')).replace(/^~(?=$|\/)/, homedir()))
  const d = layout(dir)
  if (values.fresh === true) {
    say(`Deleting the devnet in ${dir}`)
    for (const p of [d.lotusPath, d.minerPath, d.marketsPath, d.sectorDir, d.template, `${d.template}.keys`, d.car, join(dir, 'backup.cbor')]) rmSync(p, { recursive: true, force: true })
  }
  mkdirSync(dir, { recursive: true })
  // The miner repo is the last thing the first run writes; until it exists, the sequence runs again.
  const firstRun = !existsSync(join(d.minerPath, 'config.toml'))
  if (firstRun && existsSync(d.car)) {
    throw new Error(`${dir} holds a devnet from an earlier build without a miner repo; start a new one with: npm start -- --fresh${values.dir !== undefined ? ` --dir ${values.dir}` : ''}`)
  }
  say(firstRun ? `Creating a devnet in ${dir}` : `Reusing the devnet in ${dir}`)

  let daemon: ChildProcess | undefined
  let miner: ChildProcess | undefined
  let markets: ChildProcess | undefined
  let stopping = false
  const stopAll = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    say('\nStopping the devnet...')
    await stopChild(markets)
    await stopChild(miner)
    await stopChild(daemon)
    say('Stopped.')
  }
  process.on('SIGINT', () => { void stopAll() })
  process.on('SIGTERM', () => { void stopAll() })

  try {
    const daemonLog = join(dir, 'lotus.log')
    const daemonArgs = values['daemon-api'] !== undefined ? ['--api', values['daemon-api']] : []
    daemon = firstRun
      ? await create(d, values['block-delay'], daemonArgs, daemonLog)
      : (await startNode(d, 'lotus', ['daemon', `--genesis=${d.car}`, '--bootstrap=false', ...daemonArgs], daemonLog, 'full node started')).child
    if (stopping) return
    const full = readFileSync(join(d.lotusPath, 'api'), 'utf8').trim()
    const token = readFileSync(join(d.lotusPath, 'token'), 'utf8').trim()
    const api = createRpcClient(FullNodeContract, { url: `http://127.0.0.1:${/\/tcp\/(\d+)/.exec(full)?.[1] ?? '0'}/rpc/v1`, token })
    await warnIfStale(api)
    disableMarketsOnMiner(d)
    const minerApi = values['miner-api'] !== undefined ? ['--miner-api', values['miner-api']] : []
    miner = (await startNode(d, 'lotus-miner', ['run', '--nosync', ...minerApi], join(dir, 'lotusminer.log'), 'miner node started', { LOTUS_BACKUP_BASE_PATH: dir })).child
    if (stopping) return
    if (!hasMarketsRepo(d)) await initMarketsNode(d, values['markets-api'] ?? '8787')
    // The mining node's API info is read afresh each start (its port may be a new one).
    const info = await sealerApiInfo(d)
    const marketsApi = values['markets-api'] !== undefined ? ['--miner-api', values['markets-api']] : []
    markets = (await startNode(d, 'lotus-miner', ['run', '--nosync', ...marketsApi], join(dir, 'lotusmarkets.log'), 'markets node started',
      { LOTUS_MINER_PATH: d.marketsPath, LOTUS_SUBSYSTEMS_SEALERAPIINFO: info, LOTUS_SUBSYSTEMS_SECTORINDEXAPIINFO: info })).child
    if (stopping) return
    await announceMarkets(d, api, MINER)

    say('')
    say(`The devnet is running: ${MINER}'s mining node mines its blocks and proves its sectors; its markets node serves deals' libp2p protocols.`)
    say('Point the CLIs at it with:')
    say(`  export LOTUS_PATH=${d.lotusPath}`)
    say(`  export LOTUS_MINER_PATH=${d.minerPath}`)
    say(`  export LOTUS_MARKETS_PATH=${d.marketsPath}`)
    say(`  export FULLNODE_API_INFO=${token}:${full}`)
    say('then try: lotus chain head, lotus-miner info, lotus-miner sectors list (mining node), lotus-miner storage-deals get-ask, lotus-miner net id (markets node)')
    say('Press Ctrl-C to stop.')
    const timer = setInterval(() => { void status(api).then(say, () => {}) }, 60_000)
    await new Promise<void>((resolve) => {
      for (const child of [daemon!, miner!, markets!]) child.once('exit', () => { resolve() })
    })
    clearInterval(timer)
    await api.close()
  } catch (err) {
    await stopAll()
    throw err
  }
  await stopAll()
}

type Api = Pick<FullNodeApi, 'ChainHead' | 'StateMinerPower' | 'StateMinerFaults' | 'StateMinerProvingDeadline' | 'Version'>

/** One status line: height, the miner's power and faults. */
async function status (api: Api): Promise<string> {
  const head = await api.ChainHead()
  const miner = parseAddress(MINER)
  const power = await api.StateMinerPower(miner, TipSetKey.empty)
  const faults = await api.StateMinerFaults(miner, TipSetKey.empty)
  return `[${new Date().toISOString()}] height ${head.height}, ${MINER} power ${power.MinerPower.RawBytePower} bytes, faulty sectors ${faults.count()}`
}

/**
 * A devnet stopped for long has missed its miner's Window PoSt deadlines: the null rounds' cron
 * marks the sectors faulty and the miner may lose the power it needs to mine. Say so up front.
 */
async function warnIfStale (api: Api): Promise<void> {
  const head = await api.ChainHead()
  const di = await api.StateMinerProvingDeadline(parseAddress(MINER), TipSetKey.empty)
  const delay = (await api.Version()).BlockDelay
  const behindEpochs = Math.floor((Date.now() / 1000 - head.minTimestamp) / Math.max(1, delay))
  if (behindEpochs > di.WPoStChallengeWindow) {
    say(`WARNING: the chain's head is ${behindEpochs} epochs old: ${MINER} has missed Window PoSt deadlines while the devnet was stopped,`)
    say('         so its sectors will be marked faulty and it may stop winning blocks. For a clean chain: npm start -- --fresh')
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
