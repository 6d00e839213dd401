// Fakes for the message pool's narrow dependencies: state at head, head changes, a datastore.
import { newIdAddress, type Address } from '../../../src/core/address/index.js'
import { generateKey, keyAddress, signMessage, type KeyInfo } from '../../../src/core/crypto/index.js'
import type { Message, SignedMessage } from '../../../src/core/message/index.js'
import type { MethodNum, TokenAmount } from '../../../src/core/types.js'
import type { HeadChange, HeadSource, MpoolActor, MpoolDatastore, MpoolStateView, MpoolTipSet } from '../../../src/chain/mpool/index.js'

export class FakeState implements MpoolStateView {
  readonly actors = new Map<string, MpoolActor>()
  readonly ids = new Map<string, Address>()

  set (addr: Address, nonce: bigint, balance: bigint): void {
    this.actors.set(addr.toString(), { Nonce: nonce, Balance: balance })
  }

  getActor (addr: Address): MpoolActor | undefined {
    const key = this.ids.get(addr.toString()) ?? addr
    return this.actors.get(key.toString())
  }

  resolveKey (addr: Address): Address {
    return this.ids.get(addr.toString()) ?? addr
  }
}

export function tipset (height: number, messages: MpoolTipSet['messages'] = []): MpoolTipSet {
  return { key: `ts-${height}`, parents: `ts-${height - 1}`, height, messages }
}

export class FakeHead implements HeadSource {
  cur: MpoolTipSet = tipset(10)
  private fns: Array<(c: HeadChange) => Promise<void>> = []

  head (): MpoolTipSet {
    return this.cur
  }

  subscribe (fn: (c: HeadChange) => Promise<void>): () => void {
    this.fns.push(fn)
    return () => { this.fns = this.fns.filter((f) => f !== fn) }
  }

  async emit (change: HeadChange): Promise<void> {
    const last = change.apply[change.apply.length - 1]
    if (last !== undefined) this.cur = last
    for (const fn of this.fns) await fn(change)
  }
}

export class MemoryDatastore implements MpoolDatastore {
  readonly map = new Map<string, Uint8Array>()
  get (key: string): Uint8Array | undefined { return this.map.get(key) }
  put (key: string, value: Uint8Array): void { this.map.set(key, value) }
  delete (key: string): void { this.map.delete(key) }
  * query (opts: { prefix: string }): Iterable<{ key: string, value: Uint8Array }> {
    for (const [key, value] of [...this.map].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (key.startsWith(`${opts.prefix}/`)) yield { key, value }
    }
  }
}

export interface Sender { key: KeyInfo, addr: Address }

export function newSender (type: 'secp256k1' | 'bls' = 'secp256k1'): Sender {
  const key = generateKey(type)
  return { key, addr: keyAddress(key) }
}

export const FIL = 10n ** 18n

export function message (from: Address, nonce: bigint, over: Partial<Message> = {}): Message {
  return {
    Version: 0,
    To: newIdAddress(1000),
    From: from,
    Nonce: nonce,
    Value: 0n as TokenAmount,
    GasLimit: 1_000_000n,
    GasFeeCap: 1000n as TokenAmount,
    GasPremium: 100n as TokenAmount,
    Method: 0n as MethodNum,
    Params: new Uint8Array(),
    ...over
  }
}

export function signed (s: Sender, nonce: bigint, over: Partial<Message> = {}): SignedMessage {
  return signMessage(message(s.addr, nonce, over), s.key)
}
