import * as lj from '../../codecs/index.js'
import { BeaconEntry, ElectionProof, MessageReceipt, PoStProof, Ticket, TipSet, TipSetKey } from './chain.js'
import { Duration, GoTime, ZeroUuid, zeroIfAbsent } from './go.js'
import { named, ptr, slice } from './named.js'
import {
  Address, BigInteger, Bool, ChainEpoch, Cid, Message, Multiaddr, PeerId, RawJson, RegisteredSealProof,
  SectorNumber, SectorSize, SignedMessage, Str, TokenAmount, Uint64
} from './scalars.js'

// Structs defined by Lotus's api package (api/api_full.go, api/types.go at v1.20.0), with
// their exact JSON field names and order.

/**
 * api.MessageSendSpec: MpoolPushMessage / GasEstimateMessageGas options. `MaxFee` "0" means
 * the node's default cap; a missing field reads as Go's zero value.
 */
export const MessageSendSpec = named('MessageSendSpec', lj.struct({
  MaxFee: zeroIfAbsent(TokenAmount, '0'),
  MsgUuid: zeroIfAbsent(lj.uuid, ZeroUuid)
}))

/** api.MsgLookup: where a message was executed and its receipt (StateWaitMsg, StateSearchMsg). */
export const MsgLookup = named('MsgLookup', lj.struct({
  Message: Cid,
  Receipt: MessageReceipt,
  ReturnDec: RawJson,
  TipSet: TipSetKey,
  Height: ChainEpoch
}))

/** api.MsgGasCost: what executing a message cost and who got it. */
export const MsgGasCost = named('MsgGasCost', lj.struct({
  Message: Cid,
  GasUsed: TokenAmount,
  BaseFeeBurn: TokenAmount,
  OverEstimationBurn: TokenAmount,
  MinerPenalty: TokenAmount,
  MinerTip: TokenAmount,
  Refund: TokenAmount,
  TotalCost: TokenAmount
}))

/** api.InvocResult: StateCall's outcome. The execution trace is passed through as JSON. */
export const InvocResult = named('InvocResult', lj.struct({
  MsgCid: Cid,
  Msg: ptr(Message),
  MsgRct: ptr(MessageReceipt),
  GasCost: MsgGasCost,
  ExecutionTrace: RawJson,
  Error: Str,
  Duration
}))

/** proof.ExtendedSectorInfo: a sector a miner may be challenged on in Winning PoSt. */
export const ExtendedSectorInfo = named('ExtendedSectorInfo', lj.struct({
  SealProof: RegisteredSealProof,
  SectorNumber,
  SectorKey: ptr(Cid),
  SealedCID: Cid
}))

/** api.MiningBaseInfo: what a miner needs to try to win a round (MinerGetBaseInfo). */
export const MiningBaseInfo = named('MiningBaseInfo', lj.struct({
  MinerPower: BigInteger,
  NetworkPower: BigInteger,
  Sectors: slice(ExtendedSectorInfo),
  WorkerKey: Address,
  SectorSize,
  PrevBeaconEntry: BeaconEntry,
  BeaconEntries: slice(BeaconEntry),
  EligibleForMining: Bool
}))

/** api.BlockTemplate: a winning miner's block before the node fills in state and signs it. */
export const BlockTemplate = named('BlockTemplate', lj.struct({
  Miner: Address,
  Parents: TipSetKey,
  Ticket: ptr(Ticket),
  Eproof: ptr(ElectionProof),
  BeaconValues: slice(BeaconEntry),
  Messages: slice(SignedMessage),
  Epoch: ChainEpoch,
  Timestamp: Uint64,
  WinningPoStProof: slice(PoStProof)
}))

/** api.SyncStateStage: 0 idle, 1 headers, 2 persist headers, 3 messages, 4 complete, 5 error, 6 fetching messages. */
export const SyncStateStage = named('SyncStateStage', lj.enumNumber('sync stage', [0, 1, 2, 3, 4, 5, 6] as const))

/** api.ActiveSync: one sync worker's progress. */
export const ActiveSync = named('ActiveSync', lj.struct({
  WorkerID: Uint64,
  Base: ptr(TipSet),
  Target: ptr(TipSet),
  Stage: SyncStateStage,
  Height: ChainEpoch,
  Start: GoTime,
  End: GoTime,
  Message: Str
}))

/** api.SyncState (SyncState). */
export const SyncState = named('SyncState', lj.struct({
  ActiveSyncs: slice(ActiveSync),
  VMApplied: Uint64
}))

/** peer.AddrInfo: a peer's ID and multiaddrs in text form (NetAddrsListen, NetPeers). */
export const AddrInfo = named('AddrInfo', lj.struct({
  ID: PeerId,
  Addrs: slice(Multiaddr)
}))

/** api.ActorState: an actor's balance, code and decoded state (StateReadState). */
export const ActorState = named('ActorState', lj.struct({
  Balance: BigInteger,
  Code: Cid,
  State: RawJson
}))

/** api.MinerSectors: counts of a miner's sectors (StateMinerSectorCount). */
export const MinerSectors = named('MinerSectors', lj.struct({ Live: Uint64, Active: Uint64, Faulty: Uint64 }))

/** api.CirculatingSupply (StateVMCirculatingSupplyInternal). */
export const CirculatingSupply = named('CirculatingSupply', lj.struct({
  FilVested: TokenAmount,
  FilMined: TokenAmount,
  FilBurnt: TokenAmount,
  FilLocked: TokenAmount,
  FilCirculating: TokenAmount,
  FilReserveDisbursed: TokenAmount
}))

/** api.ForkUpgradeParams: the epochs of the network upgrades (a devnet born at the latest version has them all before genesis). */
export const ForkUpgradeParams = named('ForkUpgradeParams', lj.struct({
  UpgradeSmokeHeight: ChainEpoch,
  UpgradeBreezeHeight: ChainEpoch,
  UpgradeIgnitionHeight: ChainEpoch,
  UpgradeLiftoffHeight: ChainEpoch,
  UpgradeAssemblyHeight: ChainEpoch,
  UpgradeRefuelHeight: ChainEpoch,
  UpgradeTapeHeight: ChainEpoch,
  UpgradeKumquatHeight: ChainEpoch,
  UpgradePriceListOopsHeight: ChainEpoch,
  BreezeGasTampingDuration: ChainEpoch,
  UpgradeCalicoHeight: ChainEpoch,
  UpgradePersianHeight: ChainEpoch,
  UpgradeOrangeHeight: ChainEpoch,
  UpgradeClausHeight: ChainEpoch,
  UpgradeTrustHeight: ChainEpoch,
  UpgradeNorwegianHeight: ChainEpoch,
  UpgradeTurboHeight: ChainEpoch,
  UpgradeHyperdriveHeight: ChainEpoch,
  UpgradeChocolateHeight: ChainEpoch,
  UpgradeOhSnapHeight: ChainEpoch,
  UpgradeSkyrHeight: ChainEpoch,
  UpgradeSharkHeight: ChainEpoch,
  UpgradeHyggeHeight: ChainEpoch
}))

/** api.NetworkParams (StateGetNetworkParams): what a miner needs to know of the chain's build parameters. */
export const NetworkParams = named('NetworkParams', lj.struct({
  NetworkName: Str,
  BlockDelaySecs: Uint64,
  ConsensusMinerMinPower: BigInteger,
  SupportedProofTypes: slice(RegisteredSealProof),
  PreCommitChallengeDelay: ChainEpoch,
  ForkUpgradeParams,
  Eip155ChainID: lj.int
}))

export type MessageSendSpec = lj.TypeOf<typeof MessageSendSpec>
export type MsgLookup = lj.TypeOf<typeof MsgLookup>
export type MsgGasCost = lj.TypeOf<typeof MsgGasCost>
export type InvocResult = lj.TypeOf<typeof InvocResult>
export type ExtendedSectorInfo = lj.TypeOf<typeof ExtendedSectorInfo>
export type MiningBaseInfo = lj.TypeOf<typeof MiningBaseInfo>
export type BlockTemplate = lj.TypeOf<typeof BlockTemplate>
export type ActiveSync = lj.TypeOf<typeof ActiveSync>
export type SyncState = lj.TypeOf<typeof SyncState>
export type AddrInfo = lj.TypeOf<typeof AddrInfo>
export type ActorState = lj.TypeOf<typeof ActorState>
export type MinerSectors = lj.TypeOf<typeof MinerSectors>
export type CirculatingSupply = lj.TypeOf<typeof CirculatingSupply>
export type ForkUpgradeParams = lj.TypeOf<typeof ForkUpgradeParams>
export type NetworkParams = lj.TypeOf<typeof NetworkParams>
