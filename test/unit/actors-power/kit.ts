// A genesis state with the storage singletons installed, funded accounts, a fake miner actor and
// helpers to send messages, run cron and read actor state, for the power/market/verifreg tests.
import type { Address } from '../../../src/core/address/index.js'
import { decodeCbor, encodeCbor, type CborCodec } from '../../../src/core/cbor/index.js'
import { keyAddress, type KeyInfo } from '../../../src/core/crypto/index.js'
import { MemoryBlockstore } from '../../../src/core/ipld/index.js'
import type { ChainEpoch, MethodNum, TokenAmount } from '../../../src/core/types.js'
import { CronActorAddr, CronMethods, makeInitialState, newActorRegistry, SystemActorAddr } from '../../../src/chain/actors/index.js'
import { installStorageActors, storageActors, storageCronEntries } from '../../../src/chain/actors/builtin/power/storage-genesis.js'
import type { StateTree } from '../../../src/chain/state/index.js'
import { applyImplicitMessage, applyMessage, type ApplyRet, type VmContext } from '../../../src/chain/vm/index.js'
import { message, signed, testKey } from '../vm/kit.js'
import { fakeMinerActor, ForwardMethod, forwardParamsCbor } from './fake-miner.js'
import { type CreateMinerReturn, createMinerParamsCbor, createMinerReturnCbor, PowerMethods } from '../../../src/chain/actors/builtin/power/index.js'
import { StoragePowerActorAddr } from '../../../src/chain/actors/index.js'

export const FIL = 10n ** 18n

export interface StorageFixture {
  store: MemoryBlockstore
  tree: StateTree
  keys: KeyInfo[]
  addrs: Address[]
  ids: Address[]
  vm: VmContext
  /** Sends a signed message from account `from` (index) and returns its result. */
  send: (from: number, to: Address, method: number | bigint, params?: Uint8Array, value?: bigint) => Promise<ApplyRet>
  /** Sends from the system actor (implicit message). */
  system: (to: Address, method: number | bigint, params?: Uint8Array) => Promise<ApplyRet>
  /** Runs cron's EpochTick at `epoch` and moves the fixture's clock there. */
  cron: (epoch: number) => Promise<ApplyRet>
  setEpoch: (epoch: number) => void
  /** Has `miner` call `to`.`method` with `params` (owner account 0 sends the Forward). */
  asMiner: (miner: Address, to: Address, method: number, params: Uint8Array, value?: bigint) => Promise<ApplyRet>
  createMiner: (owner: number) => Promise<CreateMinerReturn>
  readState: <S>(actor: Address, codec: CborCodec<S>) => Promise<S>
  balance: (actor: Address) => Promise<bigint>
}

export async function storageFixture (opts: { accounts?: number, rootKeyIndex?: number } = {}): Promise<StorageFixture> {
  const store = new MemoryBlockstore()
  const keys = Array.from({ length: opts.accounts ?? 4 }, (_, i) => testKey(i + 1))
  const addrs = keys.map((k) => keyAddress(k))
  const registry = newActorRegistry([...storageActors, fakeMinerActor])
  const init = await makeInitialState(store, {
    networkName: 'testnet',
    accounts: addrs.map((address) => ({ address, balance: (10_000n * FIL) as TokenAmount })),
    cronEntries: storageCronEntries,
    registry
  })
  const tree = init.tree
  const ids = addrs.map((a) => init.accountIds.get(a.toString())!)
  await installStorageActors(tree, { verifiedRegistryRootKey: ids[opts.rootKeyIndex ?? 3]! })
  const vm: VmContext = { epoch: 10 as ChainEpoch, networkVersion: 25, baseFee: 100n as TokenAmount, registry }
  const nonces = addrs.map(() => 0n)
  const f: StorageFixture = {
    store, tree, keys, addrs, ids, vm,
    send: async (from, to, method, params = new Uint8Array(0), value = 0n) => {
      const m = message({
        From: addrs[from]!, To: to, Nonce: nonces[from]!, Method: BigInt(method) as MethodNum, Params: params,
        Value: value as TokenAmount, GasLimit: 5_000_000_000n
      })
      const ret = await applyMessage(tree, signed(m, keys[from]!), vm)
      nonces[from]!++
      return ret
    },
    system: async (to, method, params = new Uint8Array(0)) =>
      await applyImplicitMessage(tree, message({ From: SystemActorAddr, To: to, Method: BigInt(method) as MethodNum, Params: params }), vm),
    cron: async (epoch) => {
      vm.epoch = epoch as ChainEpoch
      return await f.system(CronActorAddr, CronMethods.EpochTick)
    },
    setEpoch: (epoch) => { vm.epoch = epoch as ChainEpoch },
    asMiner: async (miner, to, method, params, value = 0n) =>
      await f.send(0, miner, ForwardMethod, encodeCbor(forwardParamsCbor, { To: to, Method: BigInt(method), Params: params, Value: value as TokenAmount })),
    createMiner: async (owner) => {
      const ret = await f.send(owner, StoragePowerActorAddr, PowerMethods.CreateMiner, encodeCbor(createMinerParamsCbor, {
        Owner: addrs[owner]!, Worker: addrs[owner]!, WindowPoStProofType: 5, Peer: new Uint8Array([1, 2, 3]), Multiaddrs: []
      }))
      if (ret.receipt.ExitCode !== 0) throw new Error(`CreateMiner failed: ${ret.error ?? ret.receipt.ExitCode}`)
      return decodeCbor(createMinerReturnCbor, ret.receipt.Return)
    },
    readState: async (actor, codec) => {
      const a = (await tree.getActor(actor))!
      return decodeCbor(codec, (await store.get(a.Head))!)
    },
    balance: async (actor) => (await tree.getActor(actor))!.Balance
  }
  return f
}
