/**
 * The genesis block (Lotus `MakeGenesisBlock`): height 0, mined by the system actor, Lotus's
 * fixed genesis ticket, one zero beacon entry, no parents, no messages (a MsgMeta of two empty
 * AMTs, which also stands for the empty receipts), the template's timestamp.
 *
 * Where the network parameters live: the genesis state root's `Info` link (a StateInfo0 `[]`
 * in Lotus) points at the map-encoded {@link NetworkParams} block instead. The state tree keeps
 * a loaded root's Info when it flushes, so every later state root carries the same link and
 * {@link readNetworkParams} works on the genesis header or any tipset's state.
 */
import { decodeCbor, encodeCbor } from '../../core/cbor/index.js'
import type { CID } from '../../core/cid.js'
import { getBlock, putBlock, type Blockstore } from '../../core/ipld/index.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import { SystemActorAddr } from '../actors/index.js'
import { stateRootCbor, StateInfo0Cid } from '../state/index.js'
import { computeMsgMeta, putAmt0, serializeBlockHeader, type BlockHeader } from '../types/index.js'
import { networkParamsCbor, type NetworkParams } from './network-params.js'

/** Lotus's genesis ticket. */
export const GENESIS_TICKET = new TextEncoder().encode('vrf proof0000000vrf proof0000000')

/** Lotus `build.InitialBaseFee`: 100 nanoFIL, the genesis block's ParentBaseFee. */
export const INITIAL_BASE_FEE = 100_000_000n as TokenAmount

/** Points the state root's Info at the stored network parameters; returns the new root. */
export async function attachNetworkParams (store: Blockstore, stateRoot: CID, params: NetworkParams): Promise<CID> {
  const where = `state root ${stateRoot.toString()}`
  const root = decodeCbor(stateRootCbor, await getBlock(store, stateRoot, where), where)
  const info = await putBlock(store, encodeCbor(networkParamsCbor, params))
  return await putBlock(store, encodeCbor(stateRootCbor, { ...root, Info: info }))
}

/**
 * The network parameters a state root (e.g. a genesis header's ParentStateRoot) links to, or
 * null for a state made elsewhere (Lotus's empty StateInfo0).
 */
export async function readNetworkParams (store: Blockstore, stateRoot: CID): Promise<NetworkParams | null> {
  const where = `state root ${stateRoot.toString()}`
  const root = decodeCbor(stateRootCbor, await getBlock(store, stateRoot, where), where)
  if (root.Info.equals(StateInfo0Cid)) return null
  const infoWhere = `network parameters ${root.Info.toString()}`
  return decodeCbor(networkParamsCbor, await getBlock(store, root.Info, infoWhere), infoWhere)
}

/** Builds and stores the genesis header on `stateRoot`; returns it with its CID. */
export async function makeGenesisBlock (store: Blockstore, stateRoot: CID, timestamp: number): Promise<{ header: BlockHeader, cid: CID }> {
  const emptyAmt = await putAmt0(store, [])
  const messages = await computeMsgMeta(store, [], [])
  const header: BlockHeader = {
    Miner: SystemActorAddr,
    Ticket: { VRFProof: GENESIS_TICKET.slice() },
    ElectionProof: { WinCount: 0, VRFProof: new Uint8Array(0) },
    BeaconEntries: [{ Round: 0, Data: new Uint8Array(32) }],
    WinPoStProof: [],
    Parents: [],
    ParentWeight: 0n,
    Height: 0 as ChainEpoch,
    ParentStateRoot: stateRoot,
    ParentMessageReceipts: emptyAmt,
    Messages: messages,
    BLSAggregate: null,
    Timestamp: timestamp,
    BlockSig: null,
    ForkSignaling: 0,
    ParentBaseFee: INITIAL_BASE_FEE
  }
  const cid = await putBlock(store, serializeBlockHeader(header))
  return { header, cid }
}
