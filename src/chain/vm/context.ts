import type { Address } from '../../core/address/index.js'
import { cborCid, type CID } from '../../core/cid.js'
import type { Blockstore } from '../../core/ipld/index.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import { onIpldGet, onIpldPut, type GasTracker } from '../gas/index.js'
import type { StateTree } from '../state/index.js'
import { devnetPolicy, type NetworkPolicy } from '../actors/policy.js'
import type { ActorRegistry } from './actor.js'
import type { Randomness } from './randomness.js'
import type { ProofVerifier, Syscalls } from './syscalls.js'

/** Everything the VM needs about the epoch it executes in (Lotus `VMOpts`, minus the state). */
export interface VmContext {
  epoch: ChainEpoch
  networkVersion: number
  baseFee: TokenAmount
  registry: ActorRegistry
  /** Circulating supply for this epoch; 0 when the caller does not compute it. */
  circulatingSupply?: TokenAmount
  /** The network's actor policy (from its genesis); default: the devnet policy. */
  policy?: NetworkPolicy
  /** Chain and beacon randomness; actors that draw randomness fail fatally without it. */
  randomness?: Randomness
  /** Signature and hashing syscalls; default: the foundation's crypto. */
  syscalls?: Syscalls
  /** Proof verification for the storage actors; actors that verify proofs fail fatally without it. */
  proofs?: ProofVerifier
}

/** The policy a VM context runs under. */
export function contextPolicy (vm: VmContext): NetworkPolicy {
  return vm.policy ?? devnetPolicy
}

/** The head of a freshly created actor: the empty CBOR array, as FVM's EMPTY_ARR_CID. */
export const EmptyObjectBytes = Uint8Array.of(0x80)
export const EmptyObjectCid: CID = cborCid(EmptyObjectBytes)

/** Deepest chain of internal sends a message may make (FVM's max call depth). */
export const MaxCallDepth = 1024

/** State shared by every actor call one message makes. */
export interface MessageCall {
  vm: VmContext
  tree: StateTree
  gas: GasTracker
  /** The state store, charging gas on each read and write. */
  store: Blockstore
  /** The message sender's ID address and key address (for new actor addresses). */
  origin: Address
  originKey: Address
  originNonce: bigint
  actorsCreated: number
}

/** A blockstore that charges the message's gas for each block read and written (Lotus `gasChargingBlocks`). */
export function gasChargingStore (base: Blockstore, gas: GasTracker): Blockstore {
  return {
    get: async (cid) => {
      gas.charge(onIpldGet())
      return await base.get(cid)
    },
    put: async (cid, bytes) => {
      gas.charge(onIpldPut(bytes.length))
      await base.put(cid, bytes)
    },
    has: async (cid) => await base.has(cid)
  }
}
