import { decodeCbor, encodeCbor, type CborCodec } from '../../../../core/cbor/index.js'
import { cid as cidScalar } from '../../../../core/cbor/scalars.js'
import type { CID } from '../../../../core/cid.js'
import { Amt, Hamt, type Blockstore, type ValueCodec } from '../../../../core/ipld/index.js'

/** HAMT/AMT values stored with a tuple codec (builtin-actors' typed `Map2`/`Array`). */
export function typedValues<T> (codec: CborCodec<T>): ValueCodec<T> {
  return {
    encode: (value) => encodeCbor(codec, value),
    decode: (bytes) => decodeCbor(codec, bytes)
  }
}

/** The root CID of an empty HAMT with `bitWidth`. */
export async function emptyHamt (store: Blockstore, bitWidth: number): Promise<CID> {
  return await Hamt.create(store, { bitWidth }).flush()
}

/** The root CID of an empty AMT with `bitWidth`. */
export async function emptyAmt (store: Blockstore, bitWidth: number): Promise<CID> {
  return await Amt.create(store, { bitWidth }).flush()
}

/**
 * builtin-actors' `Multimap`: a HAMT from a key to the root of an AMT of values (the power
 * actor's cron queue). Values are appended in order and read back in that order.
 */
export class Multimap<V> {
  readonly #store: Blockstore
  readonly #outer: Hamt<CID>
  readonly #innerBitWidth: number
  readonly #codec: ValueCodec<V>

  private constructor (store: Blockstore, outer: Hamt<CID>, innerBitWidth: number, codec: ValueCodec<V>) {
    this.#store = store
    this.#outer = outer
    this.#innerBitWidth = innerBitWidth
    this.#codec = codec
  }

  static async load<V> (store: Blockstore, root: CID, bitWidths: { outer: number, inner: number }, codec: ValueCodec<V>): Promise<Multimap<V>> {
    const outer = await Hamt.load<CID>(store, root, { bitWidth: bitWidths.outer, codec: cidValues })
    return new Multimap(store, outer, bitWidths.inner, codec)
  }

  async add (key: Uint8Array, value: V): Promise<void> {
    const root = await this.#outer.get(key)
    const inner = root === undefined
      ? Amt.create<V>(this.#store, { bitWidth: this.#innerBitWidth, codec: this.#codec })
      : await Amt.load<V>(this.#store, root, { bitWidth: this.#innerBitWidth, codec: this.#codec })
    await inner.set(inner.size, value)
    await this.#outer.set(key, await inner.flush())
  }

  async get (key: Uint8Array): Promise<V[]> {
    const root = await this.#outer.get(key)
    if (root === undefined) return []
    const inner = await Amt.load<V>(this.#store, root, { bitWidth: this.#innerBitWidth, codec: this.#codec })
    const out: V[] = []
    for await (const [, v] of inner.entries()) out.push(v)
    return out
  }

  async removeAll (key: Uint8Array): Promise<void> {
    await this.#outer.delete(key)
  }

  async flush (): Promise<CID> {
    return await this.#outer.flush()
  }
}

/** HAMT values that are CIDs (links to inner collections). */
export const cidValues: ValueCodec<CID> = {
  encode: (value) => encodeCbor(cidScalar, value),
  decode: (bytes) => decodeCbor(cidScalar, bytes)
}
