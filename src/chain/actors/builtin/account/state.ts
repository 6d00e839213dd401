import type { Address } from '../../../../core/address/index.js'
import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address } from '../../../../core/cbor/scalars.js'

/** The account actor's state: its public-key (f1/f3) address (builtin-actors `account::State`). */
export interface AccountState {
  Address: Address
}

export const accountStateCbor: CborCodec<AccountState> = tuple('AccountState', { Address: address })
