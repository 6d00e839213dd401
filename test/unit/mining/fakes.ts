// A fake full node slice for the mining tests: a head stream the test drives, a small proving
// period (4 deadlines of 10 epochs), partitions and sectors the test edits, and an mpool that
// records what the miner sends. Sectors are real dev-proof 2 KiB sectors sealed into a temp
// storage path, so checks and proofs read real files.
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { blake2b } from '@noble/hashes/blake2.js'
import type { HeadChange } from '../../../src/chain/types/index.js'
import { TipSet, type BlockHeader } from '../../../src/chain/types/index.js'
import {
  declareFaultsParamsCbor, declareFaultsRecoveredParamsCbor, submitWindowedPoStParamsCbor, type SectorDeclaration,
  type SubmitWindowedPoStParams
} from '../../../src/chain/actors/builtin/miner/types.js'
import { newIdAddress, type Address } from '../../../src/core/address/index.js'
import { BitField } from '../../../src/core/bitfield/index.js'
import { decodeCbor } from '../../../src/core/cbor/index.js'
import type { CID } from '../../../src/core/cid.js'
import { blsGeneratePrivateKey } from '../../../src/core/crypto/bls.js'
import { keyAddress, sign, type KeyInfo } from '../../../src/core/crypto/index.js'
import { signedMessageCid, type Message, type SignedMessage } from '../../../src/core/message/index.js'
import { zeroPieceCid } from '../../../src/core/piece/index.js'
import { SECTOR_FILE_FOLDERS, SectorFileType, sectorId, sectorName } from '../../../src/core/sector/index.js'
import type { ChainEpoch, SectorNumber, TokenAmount } from '../../../src/core/types.js'
import type { DeadlineInfo, Partition, SectorOnChainInfo } from '../../../src/api/fullnode/types/miner.js'
import { LogRegistry } from '../../../src/log/index.js'
import type { MiningChainApi } from '../../../src/mining/index.js'
import { DevProver, type SealedCid } from '../../../src/proofs/index.js'
import { defaultsOf, minerConfigSchema, type MinerConfig } from '../../../src/repo/config/index.js'
import { makeHeader } from '../chain-types/fixtures.js'

export const MINER = newIdAddress(1000)
export const WORKER_KEY: KeyInfo = { type: 'bls', privateKey: blsGeneratePrivateKey(blake2b(new TextEncoder().encode('worker'), { dkLen: 48 })) }
export const WORKER = keyAddress(WORKER_KEY)
export const WORKER_ID = newIdAddress(1001)
export const OWNER_ID = newIdAddress(1002)

/** A small proving period: 4 deadlines × 10 epochs, challenge 3 epochs before open, fault cutoff 5. */
export const POLICY = { deadlines: 4, window: 10, lookback: 3, faultCutoff: 5, periodStart: 0 }
export const PERIOD = POLICY.deadlines * POLICY.window

export const quietLog = new LogRegistry({ levels: 'error' }).logger('miner')

export function minerConfig (edit: (c: MinerConfig) => void = () => {}): MinerConfig {
  const c = defaultsOf(minerConfigSchema)
  edit(c)
  return c
}

export function bytes32 (label: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(label).digest())
}

/** Awaits until `cond` holds, polling; fails after `ms`. */
export async function until (cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

export interface SentMessage {
  msg: Message
  cid: CID
  post?: SubmitWindowedPoStParams
  faults?: SectorDeclaration[]
  recoveries?: SectorDeclaration[]
  height: number
}

/** Sealed 2 KiB sectors in one storage-path-shaped folder. */
export class SectorFolder {
  readonly sealed = new Map<number, SealedCid>()
  private constructor (readonly dir: string) {}

  static async create (): Promise<SectorFolder> {
    return new SectorFolder(await mkdtemp(join(tmpdir(), 'nelumbo-mining-')))
  }

  sealedPath (n: number): string {
    return join(this.dir, SECTOR_FILE_FOLDERS[SectorFileType.Sealed], sectorName(sectorId(1000n, n)))
  }

  async seal (n: number): Promise<void> {
    const id = sectorId(1000n, n)
    const name = sectorName(id)
    const unsealedPath = join(this.dir, 'unsealed', name)
    await mkdir(join(this.dir, 'unsealed'), { recursive: true })
    await mkdir(join(this.dir, 'sealed'), { recursive: true })
    await writeFile(unsealedPath, new Uint8Array(2048))
    const prover = new DevProver()
    const pc1 = await prover.sealPreCommit1({
      proofType: 5, sector: id, ticket: bytes32(`ticket-${n}`), pieces: [{ size: 2048, pieceCid: zeroPieceCid(2048) }],
      unsealedPath, sealedPath: this.sealedPath(n), cacheDirPath: join(this.dir, 'cache', name)
    })
    const cids = await prover.sealPreCommit2({ phase1Output: pc1, sealedPath: this.sealedPath(n), cacheDirPath: join(this.dir, 'cache', name) })
    this.sealed.set(n, cids.sealed)
  }

  async cleanup (): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}

function emptyPartition (): Partition {
  const e = BitField.empty()
  return { AllSectors: e, FaultySectors: e, RecoveringSectors: e, LiveSectors: e, ActiveSectors: e }
}

type BlockHooks = 'MinerGetBaseInfo' | 'MinerCreateBlock' | 'SyncSubmitBlock'

/** Lets a push be held back until the test releases it (StateWaitMsg). */
type Waiter = (height: number, exitCode: number) => void

export class FakeChain {
  head: TipSet
  private readonly tipsets = new Map<string, TipSet>()
  private readonly subscribers = new Set<(b: HeadChange[]) => void>()
  readonly partitions = new Map<number, Partition[]>()
  readonly posted = new Map<number, BitField>()
  readonly sent: SentMessage[] = []
  readonly waiters = new Map<string, Waiter>()
  /** When false, StateWaitMsg waits for `land()`. */
  autoLand = true
  /** Changes the beacon randomness (a reorg that changed the challenge). */
  randomnessSalt = ''
  sectorsByNumber = new Map<number, SealedCid>()
  calls: string[] = []
  /** Block production methods, set by each test. */
  hooks: Partial<{ -readonly [K in BlockHooks]: MiningChainApi[K] }> = {}

  constructor (height = 0) {
    this.head = this.tipset(height, 'a')
  }

  tipset (height: number, label: string, parent?: TipSet, over: Partial<BlockHeader> = {}): TipSet {
    const ts = TipSet.create([makeHeader({
      Height: height as ChainEpoch,
      Parents: parent === undefined ? makeHeader().Parents : [...parent.cids],
      Ticket: { VRFProof: new TextEncoder().encode(`${label}@${height}`) },
      Timestamp: 1_700_000_000 + height,
      ...over
    })])
    this.tipsets.set(ts.key.toString(), ts)
    return ts
  }

  private at (key: { toString: () => string }): TipSet {
    const ts = key.toString() === '{}' ? this.head : this.tipsets.get(key.toString())
    if (ts === undefined) throw new Error(`fake chain: unknown tipset ${key.toString()}`)
    return ts
  }

  private publish (batch: HeadChange[]): void {
    for (const s of this.subscribers) s(batch)
  }

  /** Moves the head up by one epoch (or to `height`), notifying subscribers. */
  advance (height = this.head.height + 1, label = 'a'): TipSet {
    const ts = this.tipset(height, label, this.head)
    this.head = ts
    this.publish([{ Type: 'apply', Val: ts }])
    return ts
  }

  /** Makes `ts` (a block the miner submitted) the head, notifying subscribers. */
  advanceTo (ts: TipSet): void {
    this.tipsets.set(ts.key.toString(), ts)
    this.head = ts
    this.publish([{ Type: 'apply', Val: ts }])
  }

  /** Reverts the head back to `ancestor`'s child height and applies a new branch of `length` tipsets. */
  reorg (revert: TipSet[], applyLabel: string): TipSet {
    let parent = this.tipsets.get(revert[revert.length - 1]!.parents.toString()) ?? this.head
    const batch: HeadChange[] = revert.map((ts) => ({ Type: 'revert', Val: ts }))
    for (const r of [...revert].reverse()) {
      parent = this.tipset(r.height, applyLabel, parent)
      batch.push({ Type: 'apply', Val: parent })
    }
    this.head = parent
    this.publish(batch)
    return parent
  }

  private need<K extends BlockHooks> (k: K): MiningChainApi[K] {
    const h = this.hooks[k]
    if (h === undefined) throw new Error(`fake chain: ${k} not set up`)
    return h as MiningChainApi[K]
  }

  land (cid: CID, height: number, exitCode = 0): void {
    const w = this.waiters.get(cid.toString())
    this.waiters.delete(cid.toString())
    w?.(height, exitCode)
  }

  deadlineAt (height: number): DeadlineInfo {
    const { deadlines, window, lookback, faultCutoff, periodStart } = POLICY
    const ps = periodStart + Math.floor((height - periodStart) / PERIOD) * PERIOD
    const index = Math.floor((height - ps) / window)
    const open = ps + index * window
    return {
      CurrentEpoch: height as ChainEpoch,
      PeriodStart: ps as ChainEpoch,
      Index: index,
      Open: open as ChainEpoch,
      Close: (open + window) as ChainEpoch,
      Challenge: (open - lookback) as ChainEpoch,
      FaultCutoff: (open - faultCutoff) as ChainEpoch,
      WPoStPeriodDeadlines: deadlines,
      WPoStProvingPeriod: PERIOD as ChainEpoch,
      WPoStChallengeWindow: window as ChainEpoch,
      WPoStChallengeLookback: lookback as ChainEpoch,
      FaultDeclarationCutoff: faultCutoff as ChainEpoch
    }
  }

  /** Puts live sectors into a deadline's partition. */
  setPartition (deadline: number, index: number, live: number[], faulty: number[] = [], recovering: number[] = []): void {
    const parts = this.partitions.get(deadline) ?? []
    while (parts.length <= index) parts.push(emptyPartition())
    const l = BitField.fromArray(live)
    parts[index] = { AllSectors: l, LiveSectors: l, ActiveSectors: l.subtract(BitField.fromArray(faulty)), FaultySectors: BitField.fromArray(faulty), RecoveringSectors: BitField.fromArray(recovering) }
    this.partitions.set(deadline, parts)
  }

  beaconRandomness (epoch: number): Uint8Array {
    return bytes32(`beacon-${epoch}${this.randomnessSalt}`)
  }

  posts (): SubmitWindowedPoStParams[] {
    return this.sent.flatMap((s) => s.post === undefined ? [] : [s.post])
  }

  readonly api: MiningChainApi = {
    ChainNotify: async (opts) => {
      const queue: HeadChange[][] = [[{ Type: 'current', Val: this.head }]]
      let wake: (() => void) | undefined
      const push = (b: HeadChange[]): void => { queue.push(b); wake?.() }
      this.subscribers.add(push)
      const signal = opts?.signal
      const subscribers = this.subscribers
      signal?.addEventListener('abort', () => { wake?.() }, { once: true })
      return {
        async * [Symbol.asyncIterator] () {
          try {
            while (signal?.aborted !== true) {
              const next = queue.shift()
              if (next !== undefined) {
                yield next
                continue
              }
              await new Promise<void>((resolve) => { wake = resolve })
              wake = undefined
            }
          } finally {
            subscribers.delete(push)
          }
        }
      }
    },
    ChainGetGenesis: async () => this.tipset(0, 'genesis'),
    MinerGetBaseInfo: async (...args) => await this.need('MinerGetBaseInfo')(...args),
    MinerCreateBlock: async (...args) => await this.need('MinerCreateBlock')(...args),
    SyncSubmitBlock: async (...args) => { await this.need('SyncSubmitBlock')(...args) },
    MpoolPending: async () => [],
    WalletSign: async (_addr, data) => sign(WORKER_KEY, data),
    StateMinerProvingDeadline: async (_m, tsk) => this.deadlineAt(this.at(tsk).height),
    StateMinerPartitions: async (_m, dl) => {
      this.calls.push(`partitions ${dl}`)
      return this.partitions.get(dl) ?? []
    },
    StateMinerSectors: async (_m, bf) => (bf?.toArray() ?? [...this.sectorsByNumber.keys()]).map((n): SectorOnChainInfo => ({
      SectorNumber: n as SectorNumber,
      SealProof: 5,
      SealedCID: this.sectorsByNumber.get(n)!,
      DealIDs: [],
      Activation: 0 as ChainEpoch,
      Expiration: 100000 as ChainEpoch,
      DealWeight: 0n,
      VerifiedDealWeight: 0n,
      InitialPledge: 0n as TokenAmount,
      ExpectedDayReward: 0n as TokenAmount,
      ExpectedStoragePledge: 0n as TokenAmount,
      ReplacedSectorAge: 0 as ChainEpoch,
      ReplacedDayReward: 0n as TokenAmount,
      SectorKeyCID: null,
      SimpleQAPower: false
    })),
    StateMinerDeadlines: async () => Array.from({ length: POLICY.deadlines }, (_x, i) => ({ PostSubmissions: this.posted.get(i) ?? BitField.empty(), DisputableProofCount: 0 })),
    StateMinerInfo: async () => ({
      Owner: OWNER_ID,
      Worker: WORKER_ID,
      NewWorker: WORKER_ID,
      ControlAddresses: [],
      WorkerChangeEpoch: -1 as ChainEpoch,
      PeerId: null,
      Multiaddrs: [],
      WindowPoStProofType: 10,
      SectorSize: 2048,
      WindowPoStPartitionSectors: 2,
      ConsensusFaultElapsed: -1 as ChainEpoch,
      PendingOwnerAddress: null,
      Beneficiary: OWNER_ID,
      BeneficiaryTerm: null,
      PendingBeneficiaryTerm: null
    }),
    StateGetRandomnessFromBeacon: async (_tag, epoch) => this.beaconRandomness(epoch),
    StateGetRandomnessFromTickets: async (_tag, epoch) => bytes32(`ticket-${epoch}`),
    MpoolPushMessage: async (msg) => {
      const signed: SignedMessage = { Message: { ...msg, Nonce: BigInt(this.sent.length) }, Signature: { type: 2, data: new Uint8Array(96) } }
      const cid = signedMessageCid(signed)
      const s: SentMessage = { msg: signed.Message, cid, height: this.head.height }
      if (msg.Method === 5n) s.post = decodeCbor(submitWindowedPoStParamsCbor, msg.Params)
      if (msg.Method === 10n) s.faults = decodeCbor(declareFaultsParamsCbor, msg.Params).Faults
      if (msg.Method === 11n) s.recoveries = decodeCbor(declareFaultsRecoveredParamsCbor, msg.Params).Recoveries
      this.sent.push(s)
      return signed
    },
    StateWaitMsg: async (cid) => {
      const lookup = (height: number, exitCode: number): Awaited<ReturnType<MiningChainApi['StateWaitMsg']>> => ({
        Message: cid, Receipt: { ExitCode: exitCode, Return: new Uint8Array(0), GasUsed: 0n, EventsRoot: null }, ReturnDec: null, TipSet: this.head.key, Height: height as ChainEpoch
      })
      if (this.autoLand) return lookup(this.head.height, 0)
      return await new Promise((resolve) => { this.waiters.set(cid.toString(), (h, code) => { resolve(lookup(h, code)) }) })
    },
    StateLookupID: async (a: Address) => a,
    StateAccountKey: async () => WORKER,
    WalletBalance: async () => 10n ** 21n as TokenAmount,
    WalletHas: async () => true
  }
}
