/**
 * `lotus-miner init` (Lotus `cmd/lotus-miner/init.go`): makes the miner repo with the default
 * config, attaches storage (the repo itself unless `--no-local-storage`, plus each
 * `--pre-sealed-sectors` folder), and records the miner: with `--genesis-miner` the pre-sealed
 * sectors of `--pre-sealed-metadata` become Proving sectors of `--actor`; with `--actor` alone an
 * existing miner is adopted; otherwise a new miner is created through the power actor's
 * CreateMiner. On failure the new repo folder is removed again, as Lotus does.
 */
import { Command, Option } from 'commander'
import type { FullNodeApi } from '../../api/fullnode/index.js'
import { type Address, parseAddress } from '../../core/address/index.js'
import { decodeCbor, encodeCbor } from '../../core/cbor/index.js'
import { InvalidInputError, NelumboError } from '../../core/errors.js'
import { signedMessageCid } from '../../core/message/index.js'
import { sealProofForSectorSize, windowPoStProofForSeal } from '../../core/sector/index.js'
import type { DealId, MethodNum, TokenAmount } from '../../core/types.js'
import { StoragePowerActorAddr } from '../../chain/actors/index.js'
import { PowerMethods, createMinerParamsCbor, createMinerReturnCbor } from '../../chain/actors/builtin/power/index.js'
import { type GenesisMiner, readPreSealFile } from '../../chain/genesis/index.js'
import { TipSetKey } from '../../chain/types/index.js'
import {
  attachPreSealDir, ensureHostKey, importPreSealedSectors, preSealMinerFor, writeMinerAddress
} from '../../node/miner/index.js'
import type { LockedRepo } from '../../repo/index.js'
import { initStoragePath } from '../../storage/index.js'
import { expandRepoPath } from '../endpoint/index.js'
import { globalFlags } from '../globals.js'
import { programInfo, routeTo } from '../routing.js'
import { withFullNode } from '../lotus/full-api.js'
import { parseByteSize } from '../lotus-seed/flags.js'
import { initServiceCommand } from './init-service.js'
import { MESSAGE_CONFIDENCE, checkFullNode, collect, initNewRepo } from './init-common.js'
import { logLine } from './miner-api.js'

interface InitFlags {
  actor?: string
  genesisMiner?: boolean
  worker?: string
  owner?: string
  createWorkerKey?: boolean
  sectorSize: string
  preSealedSectors?: string[]
  preSealedMetadata?: string
  nosync?: boolean
  symlinkImportedSectors?: boolean
  noLocalStorage?: boolean
  gasPremium: string
  from?: string
}

export function initCommand (): Command {
  return routeTo(new Command('init'), 'full')
    .description('Initialize a lotus miner repo')
    .option('--actor <address>', 'specify the address of an already created miner actor')
    .addOption(new Option('--genesis-miner', 'enable genesis mining (DON\'T USE ON BOOTSTRAPPED NETWORK)').hideHelp())
    .option('--create-worker-key', 'create separate worker key')
    .option('-w, --worker <address>', 'worker key to use (overrides --create-worker-key)')
    .option('-o, --owner <address>', 'owner key to use')
    .addOption(new Option('--sector-size <size>', 'specify sector size to use').default('32GiB'))
    .option('--pre-sealed-sectors <dir>', 'specify set of presealed sectors for starting as a genesis miner', collect)
    .option('--pre-sealed-metadata <file>', 'specify the metadata file for the presealed sectors')
    .option('--nosync', 'don\'t check full-node sync status')
    .option('--symlink-imported-sectors', 'attempt to symlink to presealed sectors instead of copying them into place')
    .option('--no-local-storage', 'don\'t use storageminer repo for sector storage')
    .addOption(new Option('--gas-premium <attoFIL>', 'set gas premium for initialization messages in AttoFIL').default('0'))
    .option('--from <address>', 'select which address to send actor creation message from')
    .addCommand(initServiceCommand())
    .action(async (flags: InitFlags, cmd: Command) => { await runInit(flags, cmd) })
}

async function runInit (own: InitFlags, cmd: Command): Promise<void> {
  const { io } = programInfo(cmd)
  // `lotus-miner --actor` (global) and `init --actor` are one flag to commander; either spelling works.
  const flags: InitFlags = { ...own, actor: own.actor ?? globalFlags(cmd).actor }
  const repoPath = expandRepoPath(globalFlags(cmd).repoFlags['miner-repo'], io.home)
  const sectorSize = parseByteSize(flags.sectorSize, '--sector-size')
  const sealProof = sealProofForSectorSize(sectorSize, '--sector-size')
  const genesis = flags.genesisMiner === true
  if (genesis && flags.actor === undefined) {
    throw new InvalidInputError('ERR_ARGS', '--genesis-miner needs --actor (the miner ID the pre-seal was made for, e.g. t01000)', { source: '--actor' })
  }
  logLine(cmd, 'main', 'Initializing lotus miner')
  logLine(cmd, 'main', `Checking proof parameters (${flags.sectorSize} sectors: the dev proof system needs none)`)

  await withFullNode(cmd, async (full) => {
    await checkFullNode(full, cmd, flags.nosync !== true && !genesis)
    logLine(cmd, 'main', 'Checking if repo exists')
    await initNewRepo(repoPath, async (lr) => {
      logLine(cmd, 'main', 'Initializing repo')
      const miner = await initRepo(lr, full, flags, { sealProof, genesis, cmd })
      logLine(cmd, 'main', `Miner ${miner.toString()} set up in ${repoPath}`)
    })
    logLine(cmd, 'main', 'Miner successfully created, you can now start it with \'lotus-miner run\'')
  })
}

async function initRepo (lr: LockedRepo<'StorageMiner'>, full: FullNodeApi, flags: InitFlags, ctx: { sealProof: number, genesis: boolean, cmd: Command }): Promise<Address> {
  if (flags.noLocalStorage !== true) {
    initStoragePath(lr.path, { weight: 10, seal: true, store: true })
    lr.setStorage((cfg) => { cfg.StoragePaths = [...(cfg.StoragePaths ?? []), { Path: lr.path }] })
  }
  for (const dir of flags.preSealedSectors ?? []) {
    const path = expandRepoPath(dir, programInfo(ctx.cmd).io.home)
    const meta = attachPreSealDir(path, lr)
    logLine(ctx.cmd, 'main', `Attached pre-sealed sector path ${path} (storage ID ${meta.ID})`)
  }

  const peer = ensureHostKey(lr.keystore())

  if (flags.actor !== undefined) {
    const actor = parseAddress(flags.actor, '--actor')
    if (flags.preSealedMetadata !== undefined) {
      const manifest = await readPreSealFile(expandRepoPath(flags.preSealedMetadata, programInfo(ctx.cmd).io.home))
      const m = preSealMinerFor(manifest, actor, '--pre-sealed-metadata')
      const ids = await genesisDealIds(full, m)
      const n = importPreSealedSectors(lr.metadata(), m, (s, i) => ids.get(s.SectorID) ?? (i as DealId))
      logLine(ctx.cmd, 'main', `Imported ${n} pre-sealed sectors of ${actor.toString()} as Proving`)
    }
    if (!ctx.genesis) {
      try {
        await full.StateGetActor(actor, TipSetKey.empty)
      } catch (err) {
        throw new InvalidInputError('ERR_NO_ACTOR', `miner actor ${actor.toString()} not found on chain: ${(err as Error).message}`, { value: flags.actor, source: '--actor' })
      }
    }
    writeMinerAddress(lr.metadata(), actor)
    return actor
  }
  const created = await createMiner(full, flags, ctx.sealProof, peer, ctx.cmd)
  writeMinerAddress(lr.metadata(), created)
  return created
}

/** The genesis deal of each pre-sealed sector, found on chain by provider and piece CID. */
async function genesisDealIds (full: Pick<FullNodeApi, 'StateMarketDeals'>, m: GenesisMiner): Promise<Map<number, DealId>> {
  const out = new Map<number, DealId>()
  let deals: Awaited<ReturnType<FullNodeApi['StateMarketDeals']>>
  try {
    deals = await full.StateMarketDeals(TipSetKey.empty)
  } catch {
    return out
  }
  for (const s of m.Sectors) {
    for (const [id, d] of Object.entries(deals)) {
      if (d.Proposal.PieceCID.equals(s.Deal.PieceCID) && d.Proposal.Provider.equals(m.ID)) out.set(s.SectorID, Number(id) as DealId)
    }
  }
  return out
}

/** CreateMiner through the power actor, from `--from` (default the owner), waiting MessageConfidence epochs. */
async function createMiner (full: FullNodeApi, flags: InitFlags, sealProof: number, peer: Uint8Array, cmd: Command): Promise<Address> {
  const owner = flags.owner !== undefined ? parseAddress(flags.owner, '--owner') : await full.WalletDefaultAddress()
  let worker = owner
  if (flags.worker !== undefined) worker = parseAddress(flags.worker, '--worker')
  else if (flags.createWorkerKey === true) {
    worker = await full.WalletNew('bls')
    logLine(cmd, 'main', `Created new worker: ${worker.toString()}`)
  }
  const from = flags.from !== undefined ? parseAddress(flags.from, '--from') : owner
  if (!/^\d+$/.test(flags.gasPremium)) throw new InvalidInputError('ERR_INVALID_FLAG', `expected attoFIL, got ${JSON.stringify(flags.gasPremium)}`, { source: '--gas-premium' })
  await ensureAccount(full, worker, from, 'worker', cmd)
  await ensureAccount(full, owner, from, 'owner', cmd)
  const params = encodeCbor(createMinerParamsCbor, {
    Owner: owner,
    Worker: worker,
    WindowPoStProofType: windowPoStProofForSeal(sealProof as never),
    Peer: peer,
    Multiaddrs: []
  })
  const smsg = await full.MpoolPushMessage({
    Version: 0,
    To: StoragePowerActorAddr,
    From: from,
    Nonce: 0n,
    Value: 0n as TokenAmount,
    GasLimit: 0n,
    GasFeeCap: 0n as TokenAmount,
    GasPremium: BigInt(flags.gasPremium) as TokenAmount,
    Method: BigInt(PowerMethods.CreateMiner) as MethodNum,
    Params: params
  }, null)
  const cid = signedMessageCid(smsg)
  logLine(cmd, 'main', `Pushed CreateMiner message: ${cid.toString()}`)
  logLine(cmd, 'main', 'Waiting for confirmation')
  const lookup = await full.StateWaitMsg(cid, MESSAGE_CONFIDENCE, -1 as never, true)
  if (lookup === null) throw new NelumboError('ERR_CREATE_MINER', `CreateMiner message ${cid.toString()} was not found on chain`)
  if (lookup.Receipt.ExitCode !== 0) {
    throw new NelumboError('ERR_CREATE_MINER',
      `create miner failed: exit code ${lookup.Receipt.ExitCode} (message ${cid.toString()}); if the daemon's chain has no storage miner actor, this build cannot create miners yet: start from a genesis miner (lotus-seed pre-seal + genesis add-miner, then init --genesis-miner --actor=t01000)`)
  }
  const ret = decodeCbor(createMinerReturnCbor, lookup.Receipt.Return, 'CreateMiner return')
  logLine(cmd, 'main', `New miners address is: ${ret.IDAddress.toString()} (${ret.RobustAddress.toString()})`)
  return ret.IDAddress
}

/** Lotus: an account that does not exist on chain yet gets a 0-value message, so CreateMiner can name it. */
async function ensureAccount (full: FullNodeApi, account: Address, from: Address, role: 'worker' | 'owner', cmd: Command): Promise<void> {
  try {
    await full.StateLookupID(account, TipSetKey.empty)
    return
  } catch {
    // Not on chain yet.
  }
  const smsg = await full.MpoolPushMessage({
    Version: 0, To: account, From: from, Nonce: 0n, Value: 0n as TokenAmount, GasLimit: 0n,
    GasFeeCap: 0n as TokenAmount, GasPremium: 0n as TokenAmount, Method: 0n as MethodNum, Params: new Uint8Array(0)
  }, null)
  const cid = signedMessageCid(smsg)
  logLine(cmd, 'main', `Initializing ${role} account ${account.toString()}, message: ${cid.toString()}`)
  logLine(cmd, 'main', 'Waiting for confirmation')
  const lookup = await full.StateWaitMsg(cid, MESSAGE_CONFIDENCE, -1 as never, true)
  if (lookup === null || lookup.Receipt.ExitCode !== 0) {
    throw new NelumboError('ERR_INIT_ACCOUNT', `initializing ${role} account failed: exit code ${lookup?.Receipt.ExitCode ?? 'unknown (message not found)'}`)
  }
}
