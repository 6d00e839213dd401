import { encodeCbor, type CborCodec } from '../../core/cbor/index.js'
import { cborTypeError } from '../../core/cbor/codec.js'
import { cborCid, CID } from '../../core/cid.js'
import { jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'
import { cidJson } from '../../core/lotus-json/index.js'
import { InvalidTipSetKeyError } from './errors.js'

/**
 * The key of a tipset (lotus chain/types.TipSetKey): its block CIDs in tipset order. The
 * binary form is the CIDs' bytes concatenated; order matters and duplicates are kept, as in
 * Lotus. Use {@link TipSetKey.id} as a Map key.
 */
export class TipSetKey {
  /** The empty key (Lotus `EmptyTSK`), which RPC methods read as "the current head". */
  static readonly empty = new TipSetKey([], new Uint8Array(0))

  readonly cids: readonly CID[]
  /** Concatenated CID bytes (Lotus `TipSetKey.Bytes`). */
  readonly bytes: Uint8Array
  /** A string that is equal exactly when two keys are (hex of the bytes). */
  readonly id: string

  private constructor (cids: readonly CID[], bytes: Uint8Array) {
    this.cids = Object.freeze([...cids])
    this.bytes = bytes
    this.id = Buffer.from(bytes).toString('hex')
  }

  /** A key from CIDs already in tipset order (Lotus `NewTipSetKey`). */
  static fromCids (cids: readonly CID[]): TipSetKey {
    if (cids.length === 0) return TipSetKey.empty
    const parts = cids.map((c) => c.bytes)
    return new TipSetKey(cids, new Uint8Array(Buffer.concat(parts)))
  }

  /** Reads concatenated CID bytes (Lotus `TipSetKeyFromBytes`); each CID must decode fully. */
  static fromBytes (bytes: Uint8Array, source?: string): TipSetKey {
    const cids: CID[] = []
    let rest = bytes
    while (rest.length > 0) {
      try {
        const [c, remainder] = CID.decodeFirst(rest)
        cids.push(c)
        rest = remainder
      } catch (err) {
        throw new InvalidTipSetKeyError(`decoding tipset key: bad CID at byte ${bytes.length - rest.length}: ${(err as Error).message}`, { value: bytes, source, cause: err })
      }
    }
    return new TipSetKey(cids, new Uint8Array(bytes))
  }

  get isEmpty (): boolean {
    return this.cids.length === 0
  }

  equals (other: TipSetKey): boolean {
    return this.id === other.id
  }

  /** The CID of the key's CBOR form (Lotus `TipSetKey.Cid`, used by the Eth API). */
  cid (): CID {
    return cborCid(encodeCbor(tipSetKeyCbor, this))
  }

  /** Lotus's rendering: `{bafy…,bafy…}`. */
  toString (): string {
    return `{${this.cids.map((c) => c.toString()).join(',')}}`
  }
}

/** A tipset key in CBOR: one byte string of the concatenated CIDs. */
export const tipSetKeyCbor: CborCodec<TipSetKey> = {
  name: 'TipSetKey',
  toCbor: (k) => k.bytes,
  fromCbor: (value, path) => {
    if (!(value instanceof Uint8Array)) throw cborTypeError(path, 'a tipset key byte string', value)
    return TipSetKey.fromBytes(value, path)
  }
}

/** A tipset key in Lotus JSON: the array of its CIDs (`[]` for the empty key; null reads as empty). */
export const tipSetKeyJson: LotusJsonCodec<TipSetKey> = {
  toJson: (k) => k.cids.map((c) => cidJson.toJson(c)),
  fromJson: (json, path) => {
    if (json === null) return TipSetKey.empty
    if (!Array.isArray(json)) throw jsonTypeError('a tipset key (an array of CIDs)', json, path)
    return TipSetKey.fromCids(json.map((c, i) => cidJson.fromJson(c, `${path}[${i}]`)))
  }
}
