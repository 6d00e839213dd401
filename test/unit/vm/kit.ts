// Shared set-up for VM tests: a genesis state with funded secp256k1 accounts and message builders.
import { keyAddress, signMessage, type KeyInfo } from '../../../src/core/crypto/index.js'
import type { Address } from '../../../src/core/address/index.js'
import { MemoryBlockstore } from '../../../src/core/ipld/index.js'
import type { Message, SignedMessage } from '../../../src/core/message/index.js'
import type { ChainEpoch, MethodNum, TokenAmount } from '../../../src/core/types.js'
import { makeInitialState, newActorRegistry } from '../../../src/chain/actors/index.js'
import type { ActorDefinition, ActorRegistry, VmContext } from '../../../src/chain/vm/index.js'
import type { StateTree } from '../../../src/chain/state/index.js'
import type { CronEntry } from '../../../src/chain/actors/index.js'

export const FIL = 10n ** 18n

/** A deterministic secp256k1 key from a one-byte seed. */
export function testKey (seed: number): KeyInfo {
  const priv = new Uint8Array(32)
  priv[31] = seed
  priv[0] = 1
  return { type: 'secp256k1', privateKey: priv }
}

export interface Fixture {
  store: MemoryBlockstore
  tree: StateTree
  registry: ActorRegistry
  keys: KeyInfo[]
  addrs: Address[]
  vm: VmContext
}

export async function fixture (opts: { accounts?: number, balance?: bigint, extra?: ActorDefinition[], cronEntries?: CronEntry[] } = {}): Promise<Fixture> {
  const store = new MemoryBlockstore()
  const keys = Array.from({ length: opts.accounts ?? 2 }, (_, i) => testKey(i + 1))
  const addrs = keys.map((k) => keyAddress(k))
  const registry = newActorRegistry(opts.extra ?? [])
  const { tree } = await makeInitialState(store, {
    networkName: 'testnet',
    accounts: addrs.map((address) => ({ address, balance: (opts.balance ?? 1000n * FIL) as TokenAmount })),
    cronEntries: opts.cronEntries,
    registry
  })
  const vm: VmContext = { epoch: 10 as ChainEpoch, networkVersion: 25, baseFee: 100n as TokenAmount, registry }
  return { store, tree, registry, keys, addrs, vm }
}

export function message (m: Partial<Message> & Pick<Message, 'From' | 'To'>): Message {
  return {
    Version: 0,
    Nonce: 0n,
    Value: 0n as TokenAmount,
    GasLimit: 10_000_000n,
    GasFeeCap: 1_000n as TokenAmount,
    GasPremium: 500n as TokenAmount,
    Method: 0n as MethodNum,
    Params: new Uint8Array(0),
    ...m
  }
}

export function signed (m: Message, key: KeyInfo): SignedMessage {
  return signMessage(m, key)
}
