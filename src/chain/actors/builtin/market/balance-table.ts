import type { Address } from '../../../../core/address/index.js'
import { tokenAmount } from '../../../../core/cbor/scalars.js'
import type { CID } from '../../../../core/cid.js'
import { Hamt, type Blockstore } from '../../../../core/ipld/index.js'
import type { TokenAmount } from '../../../../core/types.js'
import { ActorError } from '../../../vm/errors.js'
import { ExitCode } from '../../../vm/exitcode.js'
import { typedValues } from '../power/collections.js'

/** builtin-actors' balance table HAMT bit width. */
export const BalanceTableBitWidth = 6

/**
 * builtin-actors `BalanceTable`: a HAMT from ID address bytes to an amount; zero balances
 * are deleted rather than stored.
 */
export class BalanceTable {
  readonly #hamt: Hamt<TokenAmount>
  private constructor (hamt: Hamt<TokenAmount>) { this.#hamt = hamt }

  static async load (store: Blockstore, root: CID): Promise<BalanceTable> {
    return new BalanceTable(await Hamt.load(store, root, { bitWidth: BalanceTableBitWidth, codec: typedValues(tokenAmount) }))
  }

  static async emptyRoot (store: Blockstore): Promise<CID> {
    return await Hamt.create(store, { bitWidth: BalanceTableBitWidth }).flush()
  }

  async get (addr: Address): Promise<TokenAmount> {
    return await this.#hamt.get(addr.bytes) ?? 0n as TokenAmount
  }

  async add (addr: Address, value: bigint): Promise<void> {
    const next = (await this.get(addr)) + value
    if (next < 0n) throw new ActorError(ExitCode.ErrIllegalState, `negative balance for ${addr.toString()}: ${next}`)
    if (next === 0n) await this.#hamt.delete(addr.bytes)
    else await this.#hamt.set(addr.bytes, next as TokenAmount)
  }

  /** Subtracts `value`, which must not exceed the balance (ErrIllegalState otherwise). */
  async mustSubtract (addr: Address, value: bigint): Promise<void> {
    const prev = await this.get(addr)
    if (value > prev) throw new ActorError(ExitCode.ErrIllegalState, `couldn't subtract ${value} from ${addr.toString()}: balance ${prev}`)
    await this.add(addr, -value)
  }

  async * entries (): AsyncGenerator<[Uint8Array, TokenAmount]> {
    yield * this.#hamt.entries()
  }

  async flush (): Promise<CID> { return await this.#hamt.flush() }
}
