import type { CborCodec } from '../../core/cbor/index.js'
import { tuple } from '../../core/cbor/struct.js'
import { cid, uint } from '../../core/cbor/scalars.js'
import { cborCid, type CID } from '../../core/cid.js'

/** Lotus `types.StateTreeVersion`; version 5 is actors v10 and later, the only one we write. */
export const StateTreeVersion5 = 5

/**
 * The root object a block's ParentStateRoot points at (Lotus `types.StateRoot`): the state
 * tree version, the actors HAMT and an info object (empty in every version so far).
 */
export interface StateRoot {
  Version: number
  Actors: CID
  Info: CID
}

export const stateRootCbor: CborCodec<StateRoot> = tuple('StateRoot', {
  Version: uint,
  Actors: cid,
  Info: cid
})

/** `types.StateInfo0` (an empty struct) is the empty CBOR array. */
export const StateInfo0Bytes = Uint8Array.of(0x80)
export const StateInfo0Cid: CID = cborCid(StateInfo0Bytes)
