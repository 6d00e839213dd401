import { defineContract, method } from '../contract.js'
import { ActorState, InvocResult, MsgLookup, NetworkParams } from './types/api.js'
import { Actor, BeaconEntry, TipSetKey } from './types/chain.js'
import { ptr, slice } from './types/named.js'
import {
  Address, Bool, Bytes, ChainEpoch, Cid, DomainSeparationTag, Message, NetworkVersion, Str, Uint64
} from './types/scalars.js'

/** Lotus's `State*` methods about actors, messages, randomness and the network (v1 signatures, v1.20). */
export const StateContract = defineContract({
  StateCall: method({
    name: 'Filecoin.StateCall',
    perm: 'read',
    summary: 'Runs a message on top of a tipset without putting it on chain, and returns the outcome.',
    params: [Message, TipSetKey],
    result: InvocResult
  }),
  StateReadState: method({
    name: 'Filecoin.StateReadState',
    perm: 'read',
    summary: "Returns an actor's balance, code and decoded state.",
    params: [Address, TipSetKey],
    result: ActorState
  }),
  StateListActors: method({
    name: 'Filecoin.StateListActors',
    perm: 'read',
    summary: 'Lists the ID addresses of all actors in the state tree.',
    params: [TipSetKey],
    result: slice(Address)
  }),
  StateNetworkName: method({
    name: 'Filecoin.StateNetworkName',
    perm: 'read',
    summary: 'Returns the name of the network the node is on.',
    params: [],
    result: Str
  }),
  StateGetActor: method({
    name: 'Filecoin.StateGetActor',
    perm: 'read',
    summary: 'Returns the actor at an address (its code, state root, nonce and balance).',
    params: [Address, TipSetKey],
    result: Actor
  }),
  StateLookupID: method({
    name: 'Filecoin.StateLookupID',
    perm: 'read',
    summary: 'Returns the ID address of an address.',
    params: [Address, TipSetKey],
    result: Address
  }),
  StateAccountKey: method({
    name: 'Filecoin.StateAccountKey',
    perm: 'read',
    summary: 'Returns the public-key address of an account actor.',
    params: [Address, TipSetKey],
    result: Address
  }),
  StateSearchMsg: method({
    name: 'Filecoin.StateSearchMsg',
    perm: 'read',
    summary: 'Looks back from a tipset (head if empty) up to `limit` epochs (-1: no limit) for where a message executed; null if not found.',
    params: [TipSetKey, Cid, ChainEpoch, Bool],
    result: ptr(MsgLookup)
  }),
  StateWaitMsg: method({
    name: 'Filecoin.StateWaitMsg',
    perm: 'read',
    summary: 'Waits until a message has executed and `confidence` epochs have passed, looking back up to `limit` epochs.',
    params: [Cid, Uint64, ChainEpoch, Bool],
    result: ptr(MsgLookup)
  }),
  StateGetNetworkParams: method({
    name: 'Filecoin.StateGetNetworkParams',
    perm: 'read',
    summary: "Returns the network's parameters: name, block delay, minimum miner power, seal proofs, PreCommit challenge delay, upgrade epochs.",
    params: [],
    result: NetworkParams
  }),
  StateNetworkVersion: method({
    name: 'Filecoin.StateNetworkVersion',
    perm: 'read',
    summary: 'Returns the network version at a tipset.',
    params: [TipSetKey],
    result: NetworkVersion
  }),
  StateGetRandomnessFromTickets: method({
    name: 'Filecoin.StateGetRandomnessFromTickets',
    perm: 'read',
    summary: 'Draws randomness from the chain tickets for a domain tag, epoch and entropy.',
    params: [DomainSeparationTag, ChainEpoch, Bytes, TipSetKey],
    result: Bytes
  }),
  StateGetRandomnessFromBeacon: method({
    name: 'Filecoin.StateGetRandomnessFromBeacon',
    perm: 'read',
    summary: 'Draws randomness from the beacon for a domain tag, epoch and entropy.',
    params: [DomainSeparationTag, ChainEpoch, Bytes, TipSetKey],
    result: Bytes
  }),
  StateGetBeaconEntry: method({
    name: 'Filecoin.StateGetBeaconEntry',
    perm: 'read',
    summary: 'Returns the beacon entry for an epoch, waiting for it if it is in the future.',
    params: [ChainEpoch],
    result: BeaconEntry
  })
})
