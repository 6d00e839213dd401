/**
 * State* methods the chain alone answers (Lotus `node/impl/full/state.go`): actors and
 * addresses, message search and wait, dry-run calls, network version and randomness. The
 * storage actors' State* readers join when those actors land.
 */
import type { CallOptions } from '../../../api/index.js'
import type { Address } from '../../../core/address/index.js'
import * as dagCbor from '@ipld/dag-cbor'
import { asCid, type CID } from '../../../core/cid.js'
import type { Message } from '../../../core/message/index.js'
import type { ChainEpoch } from '../../../core/types.js'
import type { RandomBeacon } from '../../../chain/beacon/index.js'
import type { ChainRandomness, DomainSeparationTag } from '../../../chain/rand/index.js'
import type { Actor } from '../../../chain/state/index.js'
import { TipSetKey, type BeaconEntry } from '../../../chain/types/index.js'
import type { NetworkParams } from '../../../api/fullnode/types/api.js'
import type { NetworkParams as GenesisNetworkParams } from '../../../chain/genesis/network-params.js'
import { sealProofForSectorSize } from '../../../core/sector/index.js'
import type { DryRunner, InvocResult } from '../dry-run.js'
import { waitForMessage } from '../msg-wait.js'
import type { MsgLookup, NodeChain } from '../node-chain.js'

export interface StateApiDeps {
  chain: NodeChain
  dryRun: DryRunner
  randomness: ChainRandomness
  beacon: RandomBeacon
  networkName: string
  /** The genesis template's network parameters (block delay, sector sizes, challenge delay, minimum power). */
  networkParams: GenesisNetworkParams
  networkVersion: (epoch: ChainEpoch) => number
}

/** Lotus `api.LookbackNoLimit`. */
const LookbackNoLimit = -1

export function stateApi (deps: StateApiDeps) {
  const { chain } = deps
  return {
    StateGetActor: async (addr: Address, tsk: TipSetKey): Promise<Actor> => await chain.getActor(addr, tsk),

    StateLookupID: async (addr: Address, tsk: TipSetKey): Promise<Address> => await chain.lookupId(addr, tsk),

    StateAccountKey: async (addr: Address, tsk: TipSetKey): Promise<Address> => await chain.accountKey(addr, tsk),

    StateReadState: async (addr: Address, tsk: TipSetKey): Promise<{ Balance: bigint, Code: CID, State: unknown }> => {
      const actor = await chain.getActor(addr, tsk)
      const bytes = await chain.store.blockstore.get(actor.Head)
      return { Balance: actor.Balance, Code: actor.Code, State: bytes === undefined ? null : ipldToJson(dagCbor.decode(bytes)) }
    },

    StateListActors: async (tsk: TipSetKey): Promise<Address[]> => {
      const tree = await chain.stateAt(await chain.tipset(tsk))
      const out: Address[] = []
      for await (const [addr] of tree.actors()) out.push(addr)
      return out
    },

    StateNetworkName: async (): Promise<string> => deps.networkName,

    StateGetNetworkParams: async (): Promise<NetworkParams> => networkParamsJson(deps.networkName, deps.networkParams),

    StateNetworkVersion: async (tsk: TipSetKey): Promise<number> => {
      const ts = await chain.tipset(tsk)
      return deps.networkVersion(ts.height)
    },

    /** v1: StateWaitMsg(cid, confidence, limit, allowReplaced). */
    StateWaitMsg: async (cid: CID, confidence: number, limit: ChainEpoch, _allowReplaced: boolean, opts?: CallOptions): Promise<MsgLookup> =>
      await waitForMessage(chain, cid, { confidence, limit: limit < 0 ? undefined : limit, signal: opts?.signal }),

    /** v1: StateSearchMsg(from, cid, limit, allowReplaced); null when the message is not on chain. */
    StateSearchMsg: async (from: TipSetKey, cid: CID, limit: ChainEpoch, _allowReplaced: boolean): Promise<MsgLookup | null> => {
      const ts = await chain.tipset(from)
      return (await chain.searchMessage(cid, ts, limit === LookbackNoLimit || limit < 0 ? undefined : limit)) ?? null
    },

    StateCall: async (msg: Message, tsk: TipSetKey): Promise<InvocResult> => await deps.dryRun.call(msg, await chain.tipset(tsk)),

    StateGetRandomnessFromTickets: async (dst: number, epoch: ChainEpoch, entropy: Uint8Array, tsk: TipSetKey): Promise<Uint8Array> => {
      const ts = await chain.tipset(tsk)
      return await deps.randomness.getChainRandomness(ts.key, dst as DomainSeparationTag, epoch, entropy)
    },

    StateGetRandomnessFromBeacon: async (dst: number, epoch: ChainEpoch, entropy: Uint8Array, tsk: TipSetKey): Promise<Uint8Array> => {
      const ts = await chain.tipset(tsk)
      return await deps.randomness.getBeaconRandomness(ts.key, dst as DomainSeparationTag, epoch, entropy)
    },

    /** The beacon entry for an epoch: the local beacon answers for any round, past or future. */
    StateGetBeaconEntry: async (epoch: ChainEpoch): Promise<BeaconEntry> =>
      await deps.beacon.entry(deps.beacon.maxBeaconRoundForEpoch(epoch))
  }
}

/**
 * Decoded actor state as plain JSON, the way Lotus JSON writes its parts: CIDs as `{"/": …}`,
 * bytes as base64, big integers as decimal strings. (Lotus decodes into the actor's Go struct
 * and so has field names; Nelumbo's states are tuples, shown as arrays.)
 */
export function ipldToJson (value: unknown): unknown {
  const cid = asCid(value)
  if (cid !== null) return { '/': cid.toString() }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(ipldToJson)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ipldToJson(v)]))
  }
  return value
}

/** The v0 forms of the methods whose parameters changed in v1 (Lotus `api/v0api/full.go`). */
export function stateApiV0 (v1: ReturnType<typeof stateApi>) {
  return {
    StateWaitMsg: async (cid: CID, confidence: number, opts?: CallOptions): Promise<MsgLookup> =>
      await v1.StateWaitMsg(cid, confidence, LookbackNoLimit as ChainEpoch, true, opts),
    StateWaitMsgLimited: async (cid: CID, confidence: number, limit: ChainEpoch, opts?: CallOptions): Promise<MsgLookup> =>
      await v1.StateWaitMsg(cid, confidence, limit, true, opts),
    StateSearchMsg: async (cid: CID): Promise<MsgLookup | null> =>
      await v1.StateSearchMsg(TipSetKey.empty, cid, LookbackNoLimit as ChainEpoch, true),
    StateSearchMsgLimited: async (cid: CID, limit: ChainEpoch): Promise<MsgLookup | null> =>
      await v1.StateSearchMsg(TipSetKey.empty, cid, limit, true),
    ChainGetRandomnessFromTickets: async (tsk: TipSetKey, dst: number, epoch: ChainEpoch, entropy: Uint8Array): Promise<Uint8Array> =>
      await v1.StateGetRandomnessFromTickets(dst as DomainSeparationTag, epoch, entropy, tsk),
    ChainGetRandomnessFromBeacon: async (tsk: TipSetKey, dst: number, epoch: ChainEpoch, entropy: Uint8Array): Promise<Uint8Array> =>
      await v1.StateGetRandomnessFromBeacon(dst as DomainSeparationTag, epoch, entropy, tsk),
    BeaconGetEntry: async (epoch: ChainEpoch): Promise<BeaconEntry> => await v1.StateGetBeaconEntry(epoch)
  }
}

/** Lotus devnets' EIP-155 chain ID (`build.Eip155ChainId` of the 2k and local builds). */
const DevnetEip155ChainId = 31415926

/**
 * StateGetNetworkParams from the genesis template. The devnet starts at the latest network
 * version, so every upgrade happened before genesis (-1, as Lotus's 2k build prints them).
 */
function networkParamsJson (name: string, p: GenesisNetworkParams): NetworkParams {
  const before = -1 as ChainEpoch
  return {
    NetworkName: name,
    BlockDelaySecs: Math.max(1, Math.round(p.BlockDelayMs / 1000)),
    ConsensusMinerMinPower: p.ConsensusMinerMinPower,
    SupportedProofTypes: p.SupportedSectorSizes.map((size, i) => sealProofForSectorSize(size as never, `genesis SupportedSectorSizes[${i}]`)),
    PreCommitChallengeDelay: p.PreCommitChallengeDelay as ChainEpoch,
    ForkUpgradeParams: {
      UpgradeSmokeHeight: before, UpgradeBreezeHeight: before, UpgradeIgnitionHeight: before, UpgradeLiftoffHeight: before,
      UpgradeAssemblyHeight: before, UpgradeRefuelHeight: before, UpgradeTapeHeight: before, UpgradeKumquatHeight: before,
      UpgradePriceListOopsHeight: before, BreezeGasTampingDuration: 0 as ChainEpoch, UpgradeCalicoHeight: before,
      UpgradePersianHeight: before, UpgradeOrangeHeight: before, UpgradeClausHeight: before, UpgradeTrustHeight: before,
      UpgradeNorwegianHeight: before, UpgradeTurboHeight: before, UpgradeHyperdriveHeight: before, UpgradeChocolateHeight: before,
      UpgradeOhSnapHeight: before, UpgradeSkyrHeight: before, UpgradeSharkHeight: before, UpgradeHyggeHeight: before
    },
    Eip155ChainID: DevnetEip155ChainId
  }
}
