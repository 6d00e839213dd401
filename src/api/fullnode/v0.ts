import { defineContract, method } from '../contract.js'
import { MsgLookup } from './types/api.js'
import { BeaconEntry, TipSetKey } from './types/chain.js'
import { SectorPreCommitOnChainInfo } from './types/miner.js'
import { ptr } from './types/named.js'
import { Address, Bytes, ChainEpoch, Cid, DomainSeparationTag, PeerId, SectorNumber, Uint64 } from './types/scalars.js'
import { StorageAsk } from '../markets.js'

/**
 * The methods whose `/rpc/v0` form differs from v1 (api/v0api/full.go, v1.20): message search
 * without a starting tipset or replacement flag, the `*Limited` variants, randomness with the
 * tipset first, `BeaconGetEntry`, a pre-commit lookup that never returns null, and a bare ask.
 */
export const FullNodeV0Overrides = defineContract({
  StateSearchMsg: method({
    name: 'Filecoin.StateSearchMsg',
    perm: 'read',
    summary: 'Looks back from the head for where a message executed; null if not found.',
    params: [Cid],
    result: ptr(MsgLookup)
  }),
  StateSearchMsgLimited: method({
    name: 'Filecoin.StateSearchMsgLimited',
    perm: 'read',
    summary: 'Looks back from the head up to `limit` epochs for where a message executed; null if not found.',
    params: [Cid, ChainEpoch],
    result: ptr(MsgLookup)
  }),
  StateWaitMsg: method({
    name: 'Filecoin.StateWaitMsg',
    perm: 'read',
    summary: 'Waits until a message has executed and `confidence` epochs have passed.',
    params: [Cid, Uint64],
    result: ptr(MsgLookup)
  }),
  StateWaitMsgLimited: method({
    name: 'Filecoin.StateWaitMsgLimited',
    perm: 'read',
    summary: 'Waits for a message like StateWaitMsg, looking back at most `limit` epochs.',
    params: [Cid, Uint64, ChainEpoch],
    result: ptr(MsgLookup)
  }),
  ChainGetRandomnessFromTickets: method({
    name: 'Filecoin.ChainGetRandomnessFromTickets',
    perm: 'read',
    summary: 'Draws randomness from the chain tickets (tipset first, v0 argument order).',
    params: [TipSetKey, DomainSeparationTag, ChainEpoch, Bytes],
    result: Bytes
  }),
  ChainGetRandomnessFromBeacon: method({
    name: 'Filecoin.ChainGetRandomnessFromBeacon',
    perm: 'read',
    summary: 'Draws randomness from the beacon (tipset first, v0 argument order).',
    params: [TipSetKey, DomainSeparationTag, ChainEpoch, Bytes],
    result: Bytes
  }),
  BeaconGetEntry: method({
    name: 'Filecoin.BeaconGetEntry',
    perm: 'read',
    summary: 'Returns the beacon entry for an epoch, waiting for it if it is in the future.',
    params: [ChainEpoch],
    result: BeaconEntry
  }),
  StateSectorPreCommitInfo: method({
    name: 'Filecoin.StateSectorPreCommitInfo',
    perm: 'read',
    summary: 'Returns the on-chain info of a pre-committed sector; an error if it is not pre-committed.',
    params: [Address, SectorNumber, TipSetKey],
    result: SectorPreCommitOnChainInfo
  }),
  ClientQueryAsk: method({
    name: 'Filecoin.ClientQueryAsk',
    perm: 'read',
    summary: "Asks a provider (by peer ID) for a miner's storage ask; v0 returns the bare storagemarket.StorageAsk.",
    params: [PeerId, Address],
    result: ptr(StorageAsk)
  })
})

/** v1 methods `/rpc/v0` does not have. */
export const V1OnlyMethods = ['StateGetBeaconEntry', 'ChainGetTipSetAfterHeight'] as const
