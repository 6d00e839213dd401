// A small devnet for the chain service tests: genesis state with accounts, a local beacon,
// fake power (every miner's worker and power set by the test) and a fake Winning PoSt verifier.
import { blake2b } from '@noble/hashes/blake2.js'
import { newIdAddress, type Address } from '../../../src/core/address/index.js'
import { cborCid, type CID } from '../../../src/core/cid.js'
import { blsGeneratePrivateKey } from '../../../src/core/crypto/bls.js'
import { keyAddress, sign, signMessage, type KeyInfo } from '../../../src/core/crypto/index.js'
import type { Message, SignedMessage } from '../../../src/core/message/index.js'
import type { ChainEpoch, MethodNum, SectorNumber, TokenAmount } from '../../../src/core/types.js'
import { computeVrf, computeWinCount, electionRandomness, ticketRandomness, vrfSignerFromKey } from '../../../src/proofs/index.js'
import { makeInitialState, newActorRegistry } from '../../../src/chain/actors/index.js'
import { deriveBeaconKey, LocalBeacon } from '../../../src/chain/beacon/index.js'
import { winningPoStProofFor, type BlockTemplate, type PowerView, type ProvingSector } from '../../../src/chain/consensus/index.js'
import { InitialBaseFee } from '../../../src/chain/gas/index.js'
import { ChainStore } from '../../../src/chain/store/index.js'
import { ChainService } from '../../../src/chain/sync/index.js'
import {
  blockHeaderSigningBytes, computeMsgMeta, putAmt0, type BlockHeader, type BlockMsg, type TipSet
} from '../../../src/chain/types/index.js'

export const GENESIS_TIMESTAMP = 1_700_000_000
export const BLOCK_DELAY_MS = 100
export const FIL = 10n ** 18n

export function blsKey (seed: string): KeyInfo {
  return { type: 'bls', privateKey: blsGeneratePrivateKey(blake2b(new TextEncoder().encode(seed), { dkLen: 48 })) }
}

export function secpKey (seed: string): KeyInfo {
  return { type: 'secp256k1', privateKey: blake2b(new TextEncoder().encode(seed), { dkLen: 32 }) }
}

export interface FakeMiner {
  address: Address
  workerKey: KeyInfo
  qaPower: bigint
}

/** Power read from a table the test controls (the storage actors replace it). */
export class FakePower implements PowerView {
  readonly miners = new Map<string, FakeMiner>()

  add (m: FakeMiner): void { this.miners.set(m.address.toString(), m) }

  private total (): bigint {
    let t = 0n
    for (const m of this.miners.values()) t += m.qaPower
    return t
  }

  async minerPower (_root: CID, miner: Address): ReturnType<PowerView['minerPower']> {
    const m = this.miners.get(miner.toString())
    if (m === undefined) return undefined
    const net = this.total()
    return { miner: { RawBytePower: m.qaPower, QualityAdjPower: m.qaPower }, network: { RawBytePower: net, QualityAdjPower: net }, hasMinPower: m.qaPower > 0n }
  }

  async minerInfo (_root: CID, miner: Address): ReturnType<PowerView['minerInfo']> {
    const m = this.miners.get(miner.toString())
    return m === undefined ? undefined : { worker: keyAddress(m.workerKey), sectorSize: 2048 }
  }

  async eligibleForElection (_root: CID, miner: Address): Promise<boolean> {
    return (this.miners.get(miner.toString())?.qaPower ?? 0n) > 0n
  }

  async provingSectors (): Promise<ProvingSector[]> {
    return [{ SealProof: 5, SectorNumber: 1 as SectorNumber, SectorKey: null, SealedCID: cborCid(Uint8Array.of(1)) }]
  }
}

export const VALID_POST = new TextEncoder().encode('valid proof')

export const fakeVerifier = {
  verifyWinningPoSt: (info: { proofs: ReadonlyArray<{ proofBytes: Uint8Array }>, challengedSectors: readonly unknown[] }): boolean =>
    info.challengedSectors.length === 1 && Buffer.compare(Buffer.from(info.proofs[0]?.proofBytes ?? []), Buffer.from(VALID_POST)) === 0,
  generateWinningPoStSectorChallenge: (): number[] => [0]
}

export interface Devnet {
  chain: ChainStore
  svc: ChainService
  power: FakePower
  beacon: LocalBeacon
  genesis: TipSet
  time: { now: number }
  keys: Map<string, KeyInfo>
  /** Genesis accounts: their key and ID address. */
  accounts: { secp: KeyInfo, bls: KeyInfo, secpId: Address, blsId: Address }
  minerA: FakeMiner
  minerB: FakeMiner
}

export async function makeDevnet (): Promise<Devnet> {
  const chain = await ChainStore.open(':memory:')
  const workerA = blsKey('worker A')
  const workerB = blsKey('worker B')
  const secp = secpKey('sender secp')
  const bls = blsKey('sender bls')
  const keys = new Map<string, KeyInfo>()
  for (const k of [workerA, workerB, secp, bls]) keys.set(keyAddress(k).toString(), k)
  const accounts = [workerA, workerB, secp, bls].map((k) => ({ address: keyAddress(k), balance: (1000n * FIL) as TokenAmount }))
  const init = await makeInitialState(chain.blockstore, { networkName: 'consensus-test', accounts })
  const idOf = (k: KeyInfo): Address => init.accountIds.get(keyAddress(k).toString())!

  const genesisHeader: BlockHeader = {
    Miner: newIdAddress(0),
    Ticket: { VRFProof: new TextEncoder().encode('vrf proof0000000vrf proof0000000') },
    ElectionProof: null,
    BeaconEntries: [{ Round: 0, Data: new Uint8Array(32) }],
    WinPoStProof: [],
    Parents: [],
    ParentWeight: 0n,
    Height: 0 as ChainEpoch,
    ParentStateRoot: init.root,
    ParentMessageReceipts: await putAmt0(chain.blockstore, []),
    Messages: await computeMsgMeta(chain.blockstore, [], []),
    BLSAggregate: null,
    Timestamp: GENESIS_TIMESTAMP,
    BlockSig: null,
    ForkSignaling: 0,
    ParentBaseFee: InitialBaseFee
  }
  const power = new FakePower()
  // Miners are plain accounts here (the reward actor pays them as such); power is the fake's.
  const minerA = { address: idOf(workerA), workerKey: workerA, qaPower: 1n << 40n }
  const minerB = { address: idOf(workerB), workerKey: workerB, qaPower: 1n << 40n }
  power.add(minerA)
  power.add(minerB)
  const beacon = new LocalBeacon({ secretKey: deriveBeaconKey('consensus-test') })
  const time = { now: GENESIS_TIMESTAMP * 1000 + 1e9 }
  const registry = newActorRegistry()
  const svc = new ChainService({
    chain,
    beacon,
    power,
    verifier: fakeVerifier,
    signer: { walletSign: (addr, data) => sign(keys.get(addr.toString())!, data) },
    vm: () => ({ networkVersion: 25, registry })
  }, { blockDelayMs: BLOCK_DELAY_MS, now: () => time.now })
  const genesis = await svc.initGenesis(genesisHeader)
  return { chain, svc, power, beacon, genesis, time, keys, accounts: { secp, bls, secpId: idOf(secp), blsId: idOf(bls) }, minerA, minerB }
}

/** The template a miner would make at `epoch` on `parent`, or undefined when it does not win. */
export async function template (net: Devnet, miner: FakeMiner, parent: TipSet, epoch: number, messages: SignedMessage[] = []): Promise<BlockTemplate | undefined> {
  const round = epoch as ChainEpoch
  const base = await net.svc.getMiningBaseInfo(miner.address, round, parent.key)
  if (base === undefined || !base.EligibleForMining) return undefined
  const rbase = base.BeaconEntries.at(-1) ?? base.PrevBeaconEntry
  const signer = vrfSignerFromKey(miner.workerKey)
  const vrf = await computeVrf(signer, electionRandomness(rbase.Data, round, miner.address))
  const winCount = computeWinCount(vrf, base.MinerPower, base.NetworkPower)
  if (winCount < 1) return undefined
  const ticket = await computeVrf(signer, ticketRandomness(rbase.Data, round, miner.address, parent.minTicket.VRFProof))
  return {
    Miner: miner.address,
    Parents: parent.key,
    Ticket: { VRFProof: ticket },
    Eproof: { WinCount: winCount, VRFProof: vrf },
    BeaconValues: base.BeaconEntries,
    Messages: messages,
    Epoch: round,
    Timestamp: net.svc.clock.timestampForEpoch(round),
    WinningPoStProof: [{ PoStProof: winningPoStProofFor(2048), ProofBytes: VALID_POST }]
  }
}

/** Creates a block (throws if the miner does not win at `epoch`). */
export async function mine (net: Devnet, miner: FakeMiner, parent: TipSet, epoch: number, messages: SignedMessage[] = []): Promise<BlockMsg> {
  const t = await template(net, miner, parent, epoch, messages)
  if (t === undefined) throw new Error(`miner ${miner.address.toString()} does not win at epoch ${epoch}`)
  return await net.svc.createBlock(t)
}

/** Creates and submits a block; returns the new head. */
export async function mineAndSubmit (net: Devnet, miner: FakeMiner, parent: TipSet, epoch: number, messages: SignedMessage[] = []): Promise<BlockMsg> {
  const blk = await mine(net, miner, parent, epoch, messages)
  await net.svc.submitBlock(blk)
  return blk
}

/** Re-signs a header after a test changed it, with `key` (default the miner's worker). */
export function resign (net: Devnet, header: BlockHeader, key?: KeyInfo): BlockHeader {
  const k = key ?? net.power.miners.get(header.Miner.toString())!.workerKey
  return { ...header, BlockSig: sign(k, blockHeaderSigningBytes({ ...header, BlockSig: null })) }
}

export function transfer (from: KeyInfo, to: Address, nonce: bigint, over: Partial<Message> = {}): SignedMessage {
  return signMessage({
    Version: 0,
    To: to,
    From: keyAddress(from),
    Nonce: nonce,
    Value: FIL as TokenAmount,
    GasLimit: 10_000_000n,
    GasFeeCap: 1_000_000_000n as TokenAmount,
    GasPremium: 1000n as TokenAmount,
    Method: 0n as MethodNum,
    Params: new Uint8Array(0),
    ...over
  }, from)
}
