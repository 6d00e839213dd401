import type { Address } from '../../core/address/index.js'
import type { CborCodec } from '../../core/cbor/index.js'
import { tuple } from '../../core/cbor/struct.js'
import { address, cid, nullable, tokenAmount, uint64 } from '../../core/cbor/scalars.js'
import type { CID } from '../../core/cid.js'
import { fieldPath, isJsonObject, jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'
import { addressJson, cidJson, tokenAmountJson, uint64Json } from '../../core/lotus-json/scalars.js'
import type { TokenAmount } from '../../core/types.js'

/**
 * One entry of the state tree (Lotus `types.ActorV5`, state tree version 5): the actor's code,
 * the root of its own state, its nonce (messages sent, for accounts), balance and, for actors
 * with an f4 address, that address.
 */
export interface Actor {
  Code: CID
  Head: CID
  Nonce: bigint
  Balance: TokenAmount
  DelegatedAddress: Address | null
}

/** ActorV5 as a 5-field CBOR tuple, in Lotus field order. */
export const actorCbor: CborCodec<Actor> = tuple('Actor', {
  Code: cid,
  Head: cid,
  Nonce: uint64,
  Balance: tokenAmount,
  DelegatedAddress: nullable(address)
})

/** Lotus JSON (`StateGetActor`): `{"Code": {"/": …}, "Head": …, "Nonce": 0, "Balance": "0", "DelegatedAddress": null}`. */
export const actorJson: LotusJsonCodec<Actor> = {
  toJson: (a) => ({
    Code: cidJson.toJson(a.Code),
    Head: cidJson.toJson(a.Head),
    Nonce: uint64Json.toJson(a.Nonce),
    Balance: tokenAmountJson.toJson(a.Balance),
    DelegatedAddress: a.DelegatedAddress === null ? null : addressJson.toJson(a.DelegatedAddress)
  }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('an actor object', json, path)
    const delegated = json.DelegatedAddress ?? null
    return {
      Code: cidJson.fromJson(json.Code, fieldPath(path, 'Code')),
      Head: cidJson.fromJson(json.Head, fieldPath(path, 'Head')),
      Nonce: uint64Json.fromJson(json.Nonce ?? 0, fieldPath(path, 'Nonce')),
      Balance: tokenAmountJson.fromJson(json.Balance ?? '0', fieldPath(path, 'Balance')),
      DelegatedAddress: delegated === null ? null : addressJson.fromJson(delegated, fieldPath(path, 'DelegatedAddress'))
    }
  }
}
