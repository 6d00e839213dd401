/**
 * `lotus-miner init service` (Lotus `cmd/lotus-miner/init_service.go`): the seed's step that
 * makes a markets node out of a mining node's backup. It creates `--markets-repo` with the
 * `--config` seed config forced to Markets alone, checks and records the sealer and sector-index
 * endpoints, restores the whole metadata backup, gives the node a new libp2p identity, and
 * points the miner actor's PeerId at it (ChangePeerID from the worker, 5 confirmations).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { Command } from 'commander'
import { MinerAPIVersion0, versionMatchesMajorMinor, versionString } from '../../api/index.js'
import type { FullNodeApi } from '../../api/fullnode/index.js'
import { MinerContract } from '../../api/miner.js'
import { encodeCbor } from '../../core/cbor/index.js'
import { InvalidInputError, NelumboError } from '../../core/errors.js'
import { signedMessageCid } from '../../core/message/index.js'
import { changePeerIdParamsCbor, MinerMethods } from '../../chain/actors/builtin/miner/types.js'
import { TipSetKey } from '../../chain/types/index.js'
import { dialArgs, parseApiInfoMulti } from '../../node/api-info.js'
import { ensureHostKey, readMinerAddress } from '../../node/miner/index.js'
import { type LockedRepo, type MinerConfig, minerConfigSchema, parseConfigText, restoreInto } from '../../repo/index.js'
import { createRpcClient } from '../../rpc/index.js'
import { expandRepoPath } from '../endpoint/index.js'
import { globalFlags } from '../globals.js'
import { withFullNode } from '../lotus/full-api.js'
import { programInfo, routeTo } from '../routing.js'
import { MESSAGE_CONFIDENCE, checkFullNode, collect, initNewRepo } from './init-common.js'
import { logLine } from './miner-api.js'
import { pushFromWorker } from './worker-message.js'

interface ServiceFlags {
  config?: string
  nosync?: boolean
  type?: string[]
  apiSealer?: string
  apiSectorIndex?: string
}


export function initServiceCommand (): Command {
  return routeTo(new Command('service'), 'full')
    .description('Initialize a lotus miner sub-service')
    .argument('[backupFile]', 'a backup made by `lotus-miner backup`')
    .option('--config <file>', 'config file (config.toml)')
    .option('--nosync', 'don\'t check full-node sync status')
    .option('--type <type>', 'type of service to be enabled (markets)', collect)
    .option('--api-sealer <info>', 'sealer API info (lotus-miner auth api-info --perm=admin)')
    .option('--api-sector-index <info>', 'sector Index API info (lotus-miner auth api-info --perm=admin)')
    .action(async (backupFile: string | undefined, flags: ServiceFlags, cmd: Command) => { await runInitService(backupFile, flags, cmd) })
}

async function runInitService (backupFile: string | undefined, flags: ServiceFlags, cmd: Command): Promise<void> {
  const { io } = programInfo(cmd)
  if (flags.config === undefined) throw new InvalidInputError('ERR_ARGS', 'Required flag "config" not set', { source: '--config' })
  const types = flags.type ?? []
  if (types.length === 0) throw new InvalidInputError('ERR_ARGS', 'at least one module must be enabled', { source: '--type' })
  const unknown = types.find((t) => t !== 'markets')
  if (unknown !== undefined) throw new InvalidInputError('ERR_ARGS', `unknown service type ${JSON.stringify(unknown)}: the only service type is markets`, { value: unknown, source: '--type' })
  if (flags.apiSealer === undefined || flags.apiSealer.trim() === '') throw new InvalidInputError('ERR_ARGS', '--api-sealer is required without the sealer module enabled', { source: '--api-sealer' })
  if (flags.apiSectorIndex === undefined || flags.apiSectorIndex.trim() === '') throw new InvalidInputError('ERR_ARGS', '--api-sector-index is required without the sector storage module enabled', { source: '--api-sector-index' })
  const marketsRepo = globalFlags(cmd).repoFlags['markets-repo']
  if (marketsRepo === '') throw new InvalidInputError('ERR_ARGS', 'please provide Lotus markets repo path via flag markets-repo', { source: '--markets-repo / LOTUS_MARKETS_PATH' })
  if (backupFile === undefined) throw new InvalidInputError('ERR_ARGS', 'expected 1 argument: the backup file', { source: 'arguments' })
  const backup = expandRepoPath(backupFile, io.home)
  if (!existsSync(backup) || !statSync(backup).isFile()) throw new InvalidInputError('ERR_BACKUP', `stat backup file (${backup}): no such file`, { value: backup, source: 'backupFile' })
  const configFile = expandRepoPath(flags.config, io.home)
  const seed = readSeedConfig(configFile)
  const repoPath = expandRepoPath(marketsRepo, io.home)

  await withFullNode(cmd, async (full) => {
    await checkFullNode(full, cmd, flags.nosync !== true)
    await initNewRepo(repoPath, async (lr) => {
      const subsystems: MinerConfig['Subsystems'] = {
        ...seed.Subsystems,
        EnableMarkets: true,
        EnableMining: false,
        EnableSealing: false,
        EnableSectorStorage: false,
        SealerApiInfo: await checkServiceApi(flags.apiSealer!, '--api-sealer'),
        SectorIndexApiInfo: await checkServiceApi(flags.apiSectorIndex!, '--api-sector-index')
      }
      // The whole seed config, written plain, with the subsystems forced (Lotus's manageConfig hook).
      lr.setConfig((cfg) => { Object.assign(cfg, seed, { Subsystems: subsystems }) })
      lr.setStorage((cfg) => { cfg.StoragePaths = null })
      logLine(cmd, 'main', `Restoring metadata backup from ${backup}`)
      const stats = restoreInto(lr.metadata(), backup)
      logLine(cmd, 'main', `Restored ${stats.keys} keys`)
      await adoptMiner(lr, full, cmd)
    })
    logLine(cmd, 'main', `Markets node repo set up in ${repoPath}; start it with LOTUS_MINER_PATH=${repoPath} lotus-miner run`)
  })
}

function readSeedConfig (file: string): MinerConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new InvalidInputError('ERR_CONFIG', `reading config file: ${(err as Error).message}`, { value: file, source: '--config', cause: err })
  }
  return parseConfigText(minerConfigSchema, text, file) as MinerConfig
}

/** Lotus's check of each service endpoint: the raw `auth api-info` output pasted, dialled, version-matched. */
async function checkServiceApi (raw: string, flag: string): Promise<string> {
  const info = raw.trim().replace(/^MINER_API_INFO=/, '')
  const parsed = parseApiInfoMulti(info)[0]!
  const client = createRpcClient(MinerContract, { url: dialArgs(parsed, 'v0', flag), token: parsed.token })
  try {
    const v = await client.Version()
    if (!versionMatchesMajorMinor(v.APIVersion, MinerAPIVersion0)) {
      throw new NelumboError('ERR_SERVICE_VERSION', `${flag}: remote service API version didn't match (expected ${versionString(MinerAPIVersion0)}, remote ${versionString(v.APIVersion)})`)
    }
    await client.AuthVerify(parsed.token ?? '')
  } catch (err) {
    if (err instanceof NelumboError && err.code === 'ERR_SERVICE_VERSION') throw err
    throw new NelumboError('ERR_SERVICE_CONNECT', `${flag}: could not reach the mining node at ${parsed.addr}: ${(err as Error).message}`, { cause: err })
  } finally {
    await client.close()
  }
  return info
}

/** The restored miner: its worker key must be in the full node's wallet; the actor's PeerId becomes this node's. */
async function adoptMiner (lr: LockedRepo<'StorageMiner'>, full: FullNodeApi, cmd: Command): Promise<void> {
  const miner = readMinerAddress(lr.metadata(), lr.path)
  const mi = await full.StateMinerInfo(miner, TipSetKey.empty)
  logLine(cmd, 'main', `ACTOR ADDRESS: ${miner.toString()}`)
  logLine(cmd, 'main', `SECTOR SIZE: ${mi.SectorSize}`)
  const worker = await full.StateAccountKey(mi.Worker, TipSetKey.empty)
  if (!await full.WalletHas(worker)) {
    throw new NelumboError('ERR_WORKER_KEY', `worker address ${worker.toString()} for miner actor ${miner.toString()} not present in full node wallet`)
  }
  const peerId = ensureHostKey(lr.keystore())
  const smsg = await pushFromWorker(full, miner, MinerMethods.ChangePeerID, encodeCbor(changePeerIdParamsCbor, { NewID: peerId }))
  const cid = signedMessageCid(smsg)
  logLine(cmd, 'main', `Waiting for message: ${cid.toString()}`)
  const lookup = await full.StateWaitMsg(cid, MESSAGE_CONFIDENCE, -1 as never, true)
  if (lookup === null) throw new NelumboError('ERR_PEER_ID', `update peer id message ${cid.toString()} was not found on chain`)
  if (lookup.Receipt.ExitCode !== 0) throw new NelumboError('ERR_PEER_ID', `update peer id message failed with exit code ${lookup.Receipt.ExitCode}`)
}
