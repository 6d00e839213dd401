// Fakes for the sealing tests: a chain that executes miner messages at once, sector storage in
// a temp dir, a prover that counts (and can fail) calls, and a harness that wires a service.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decode } from '@ipld/dag-cbor'
import { parseAddress, type Address } from '../../../src/core/address/index.js'
import type { CID } from '../../../src/core/cid.js'
import { type SignedMessage, signedMessageCid } from '../../../src/core/message/index.js'
import { SECTOR_FILE_FOLDERS, type SectorId, sectorName } from '../../../src/core/sector/index.js'
import type { ChainEpoch, TokenAmount } from '../../../src/core/types.js'
import { SigType } from '../../../src/core/crypto/signature.js'
import { TipSetKey, type HeadChange, type TipSet } from '../../../src/chain/types/index.js'
import type { DealProposal, MarketDeal, SectorOnChainInfo, SectorPreCommitInfo } from '../../../src/api/fullnode/types/index.js'
import { DevProver, type PreCommit1Out, type SealCommitInput, type SealPreCommit1Input } from '../../../src/proofs/index.js'
import { openSqliteDatastore, type SqliteDatastore } from '../../../src/repo/datastore.js'
import { defaultsOf, minerConfigSchema, type MinerConfig } from '../../../src/repo/config/index.js'
import { LogRegistry } from '../../../src/log/index.js'
import { SealingService, type SealingChainApi, type SealingStorage, type SectorPaths, type SectorState } from '../../../src/sealing/index.js'
import type { SealingPolicy } from '../../../src/sealing/policy.js'

export const MINER = parseAddress('t01000')
const OWNER = parseAddress('t0100')
const WORKER = parseAddress('t0101')

interface Executed { exit: number, height: number, method: number, sector: number, from: string, uuid: string }

export class FakeChain implements SealingChainApi {
  height = 1000
  readonly precommits = new Map<number, { info: SectorPreCommitInfo, deposit: TokenAmount, epoch: number }>()
  readonly sectors = new Map<number, SectorOnChainInfo>()
  readonly messages = new Map<string, Executed>()
  readonly deals = new Map<number, DealProposal>()
  /** Exit codes to give the next PreCommit / ProveCommit messages (then 0). */
  failPreCommits: number[] = []
  failCommits: number[] = []
  /** MpoolPushMessage throws this many more times. */
  failPushes = 0
  private listeners: Array<(c: HeadChange[]) => void> = []

  head (): TipSet {
    return { height: this.height as ChainEpoch, key: TipSetKey.empty } as unknown as TipSet
  }

  advance (epochs = 1): void {
    for (let i = 0; i < epochs; i++) {
      this.height++
      for (const l of this.listeners) l([{ Type: 'apply', Val: this.head() }])
    }
  }

  pushes (method: number, sector?: number): Executed[] {
    return [...this.messages.values()].filter((m) => m.method === method && (sector === undefined || m.sector === sector))
  }

  ChainHead: SealingChainApi['ChainHead'] = async () => this.head()

  ChainNotify: SealingChainApi['ChainNotify'] = async (opts) => {
    const queue: HeadChange[][] = [[{ Type: 'current', Val: this.head() }]]
    let wake: (() => void) | undefined
    const listener = (c: HeadChange[]): void => { queue.push(c); wake?.() }
    this.listeners.push(listener)
    const signal = opts?.signal
    const unsubscribe = (): void => { this.listeners = this.listeners.filter((l) => l !== listener) }
    return (async function * () {
      try {
        while (signal?.aborted !== true) {
          const next = queue.shift()
          if (next !== undefined) { yield next; continue }
          await new Promise<void>((resolve) => {
            wake = resolve
            signal?.addEventListener('abort', () => { resolve() }, { once: true })
          })
        }
      } finally {
        unsubscribe()
      }
    })()
  }

  StateMinerInfo: SealingChainApi['StateMinerInfo'] = async () => ({
    Owner: OWNER, Worker: WORKER, NewWorker: WORKER, ControlAddresses: [], WorkerChangeEpoch: -1 as ChainEpoch, PeerId: null,
    Multiaddrs: [], WindowPoStProofType: 5, SectorSize: 2048, WindowPoStPartitionSectors: 2, ConsensusFaultElapsed: -1 as ChainEpoch,
    PendingOwnerAddress: null, Beneficiary: OWNER, BeneficiaryTerm: null, PendingBeneficiaryTerm: null
  })

  StateLookupID: SealingChainApi['StateLookupID'] = async (a) => a
  StateAccountKey: SealingChainApi['StateAccountKey'] = async (a) => a
  WalletBalance: SealingChainApi['WalletBalance'] = async () => (10n ** 21n) as TokenAmount
  WalletHas: SealingChainApi['WalletHas'] = async () => true

  StateGetRandomnessFromTickets: SealingChainApi['StateGetRandomnessFromTickets'] = async (tag, epoch, entropy) => rand('ticket', tag, epoch, entropy)
  StateGetRandomnessFromBeacon: SealingChainApi['StateGetRandomnessFromBeacon'] = async (tag, epoch, entropy) => rand('beacon', tag, epoch, entropy)
  StateMinerPreCommitDepositForPower: SealingChainApi['StateMinerPreCommitDepositForPower'] = async () => 1000n as TokenAmount
  StateMinerInitialPledgeCollateral: SealingChainApi['StateMinerInitialPledgeCollateral'] = async () => 5000n as TokenAmount
  StateMinerAvailableBalance: SealingChainApi['StateMinerAvailableBalance'] = async () => 0n as TokenAmount
  StateSectorPreCommitInfo: SealingChainApi['StateSectorPreCommitInfo'] = async (_m, n) => {
    const p = this.precommits.get(n)
    return p === undefined ? null : { Info: p.info, PreCommitDeposit: p.deposit, PreCommitEpoch: p.epoch as ChainEpoch }
  }

  StateSectorGetInfo: SealingChainApi['StateSectorGetInfo'] = async (_m, n) => this.sectors.get(n) ?? null
  StateSectorPartition: SealingChainApi['StateSectorPartition'] = async () => ({ Deadline: 0, Partition: 0 })
  StateMinerPartitions: SealingChainApi['StateMinerPartitions'] = async () => []
  StateMinerProvingDeadline: SealingChainApi['StateMinerProvingDeadline'] = async () => { throw new Error('not faked') }

  StateMarketStorageDeal: SealingChainApi['StateMarketStorageDeal'] = async (id) => {
    const p = this.deals.get(id)
    if (p === undefined) throw new Error(`deal ${id} not found`)
    const deal: MarketDeal = { Proposal: p, State: { SectorStartEpoch: -1 as ChainEpoch, LastUpdatedEpoch: -1 as ChainEpoch, SlashEpoch: -1 as ChainEpoch, VerifiedClaim: 0 } }
    return deal
  }

  MpoolPushMessage: SealingChainApi['MpoolPushMessage'] = async (msg, spec) => {
    if (this.failPushes > 0) {
      this.failPushes--
      throw new Error('mpool push failed (fake)')
    }
    const uuid = spec?.MsgUuid ?? ''
    const smsg: SignedMessage = { Message: { ...msg, Nonce: BigInt(this.messages.size) }, Signature: { type: SigType.Secp256k1, data: new Uint8Array(65) } }
    const cid = signedMessageCid(smsg).toString()
    const params = decode(msg.Params) as unknown[]
    const method = Number(msg.Method)
    let exit = 0
    let sector = -1
    if (method === 28) {
      const info = (params[0] as unknown[][])[0]!
      sector = info[1] as number
      exit = this.failPreCommits.shift() ?? 0
      if (exit === 0) {
        this.precommits.set(sector, {
          info: { SealProof: info[0] as number, SectorNumber: sector as never, SealedCID: info[2] as CID, SealRandEpoch: info[3] as ChainEpoch, DealIDs: info[4] as never, Expiration: info[5] as ChainEpoch, UnsealedCid: info[6] as CID | null },
          deposit: 1000n as TokenAmount,
          epoch: this.height
        })
      }
    } else if (method === 7) {
      sector = params[0] as number
      exit = this.failCommits.shift() ?? 0
      const pc = this.precommits.get(sector)
      if (exit === 0 && pc !== undefined) {
        this.sectors.set(sector, {
          SectorNumber: sector as never, SealProof: pc.info.SealProof, SealedCID: pc.info.SealedCID, DealIDs: pc.info.DealIDs,
          Activation: this.height as ChainEpoch, Expiration: pc.info.Expiration, DealWeight: 0n, VerifiedDealWeight: 0n,
          InitialPledge: 5000n as TokenAmount, ExpectedDayReward: 0n as TokenAmount, ExpectedStoragePledge: 0n as TokenAmount,
          ReplacedSectorAge: 0 as ChainEpoch, ReplacedDayReward: 0n as TokenAmount, SectorKeyCID: null, SimpleQAPower: false
        })
        this.precommits.delete(sector)
      }
    }
    this.messages.set(cid, { exit, height: this.height, method, sector, from: msg.From.toString(), uuid })
    return smsg
  }

  StateWaitMsg: SealingChainApi['StateWaitMsg'] = async (cid) => {
    const m = this.messages.get(cid.toString())
    if (m === undefined) return null
    return {
      Message: cid, Receipt: { ExitCode: m.exit, Return: new Uint8Array(0), GasUsed: 0n, EventsRoot: null },
      ReturnDec: null, TipSet: TipSetKey.empty, Height: m.height as ChainEpoch
    }
  }
}

function rand (kind: string, tag: number, epoch: number, entropy: Uint8Array): Uint8Array {
  return createHash('sha256').update(`${kind}/${tag}/${epoch}/`).update(entropy).digest()
}

/** Sector storage on one temp folder, laid out as Lotus does. */
export class FakeStorage implements SealingStorage {
  readonly declared = new Set<string>()
  constructor (readonly root: string) {
    for (const f of ['unsealed', 'sealed', 'cache']) mkdirSync(join(root, f), { recursive: true })
  }

  path (sector: SectorId, t: number): string {
    return join(this.root, SECTOR_FILE_FOLDERS[t as 1 | 2 | 4], sectorName(sector))
  }

  async acquireSector (sector: SectorId, _size: number, existing: number, allocate: number): Promise<SectorPaths> {
    const out: SectorPaths = { paths: {}, storageIds: {} }
    for (const t of [1, 2, 4]) {
      if ((existing & t) !== 0 && this.declared.has(`${sector.number}/${t}`) && existsSync(this.path(sector, t))) {
        out.paths[t] = this.path(sector, t)
        out.storageIds[t] = 'local'
      }
      if ((allocate & t) !== 0) {
        out.paths[t] = this.path(sector, t)
        out.storageIds[t] = 'local'
      }
    }
    return out
  }

  async declareSector (_id: string, sector: SectorId, t: number): Promise<void> {
    this.declared.add(`${sector.number}/${t}`)
  }

  async remove (sector: SectorId, t: number): Promise<void> {
    this.declared.delete(`${sector.number}/${t}`)
    await rm(this.path(sector, t), { recursive: true, force: true })
  }

  async moveStorage (): Promise<void> {}
}

/** The dev prover, counting calls per sector and failing the next calls when told. */
export class CountingProver extends DevProver {
  readonly pc1 = new Map<number, number>()
  readonly commits = new Map<number, number>()
  failPc1 = 0

  override async sealPreCommit1 (input: SealPreCommit1Input): Promise<PreCommit1Out> {
    this.pc1.set(input.sector.number, (this.pc1.get(input.sector.number) ?? 0) + 1)
    if (this.failPc1 > 0) {
      this.failPc1--
      throw new Error('PC1 failed (fake)')
    }
    return await super.sealPreCommit1(input)
  }

  override async sealCommit (input: SealCommitInput): Promise<Uint8Array> {
    this.commits.set(input.sector.number, (this.commits.get(input.sector.number) ?? 0) + 1)
    return await super.sealCommit(input)
  }
}

// Errors only, so test output stays readable.
const quiet = new LogRegistry({ levels: 'error' }).logger('sectors')

export const TEST_POLICY: Partial<SealingPolicy> = {
  preCommitChallengeDelay: 3,
  interactivePoRepConfidence: 1,
  messageConfidence: 0,
  minRetryDelayMs: 5,
  maxRetryDelayMs: 20,
  blockDelaySecs: 1
}

export interface Harness {
  root: string
  chain: FakeChain
  storage: FakeStorage
  prover: CountingProver
  config: MinerConfig
  ds: SqliteDatastore
  service: SealingService
  /** Stops the service, closes the datastore and opens both again (a restart). */
  restart: () => Promise<void>
  close: () => Promise<void>
}

export async function harness (policy: Partial<SealingPolicy> = {}, sealProof = 5): Promise<Harness> {
  const root = mkdtempSync(join(tmpdir(), 'nelumbo-sealing-'))
  const chain = new FakeChain()
  const storage = new FakeStorage(join(root, 'store'))
  const prover = new CountingProver()
  const config = defaultsOf(minerConfigSchema)
  config.Dealmaking.StartEpochSealingBuffer = 10
  const dbFile = join(root, 'metadata.sqlite')
  const make = (ds: SqliteDatastore): SealingService => new SealingService(
    { chain, prover, storage, datastore: ds.namespace('/metadata'), config: () => config, log: quiet },
    { miner: MINER, sealProof, policy: { ...TEST_POLICY, ...policy } }
  )
  const h: Harness = {
    root, chain, storage, prover, config,
    ds: openSqliteDatastore(dbFile),
    service: undefined as unknown as SealingService,
    restart: async () => {
      await h.service.stop()
      h.ds.close()
      h.ds = openSqliteDatastore(dbFile)
      h.service = make(h.ds)
      await h.service.start()
    },
    close: async () => {
      await h.service.stop()
      h.ds.close()
      rmSync(root, { recursive: true, force: true })
    }
  }
  h.service = make(h.ds)
  await h.service.start()
  return h
}

/** Waits until every listed sector is in `state`, advancing the chain while any waits for its seed. */
export async function until (h: Harness, sectors: readonly number[], state: SectorState, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const states = await Promise.all(sectors.map(async (n) => (await h.service.SectorsStatus(n as never, false)).State))
    if (states.every((s) => s === state)) return
    if (Date.now() > deadline) throw new Error(`sectors ${sectors.join(',')} are in ${states.join(',')}, not ${state}`)
    if (states.includes('WaitSeed')) h.chain.advance()
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

export function dealProposal (pieceCid: CID, size: number, provider: Address = MINER): DealProposal {
  return {
    PieceCID: pieceCid, PieceSize: size as never, VerifiedDeal: false, Client: OWNER, Provider: provider, Label: '',
    StartEpoch: 5000 as ChainEpoch, EndEpoch: 600_000 as ChainEpoch, StoragePricePerEpoch: 0n as TokenAmount,
    ProviderCollateral: 0n as TokenAmount, ClientCollateral: 0n as TokenAmount
  }
}
