import { newIdAddress, Protocol, type Address } from '../../core/address/index.js'
import { encodeCbor, encodeCborValue, type CborCodec } from '../../core/cbor/index.js'
import type { CID } from '../../core/cid.js'
import { InvalidInputError } from '../../core/errors.js'
import { putBlock, type Blockstore } from '../../core/ipld/index.js'
import type { TokenAmount } from '../../core/types.js'
import { StateTree } from '../state/index.js'
import type { ActorRegistry } from '../vm/actor.js'
import { accountStateCbor } from './builtin/account/state.js'
import {
  AccountStartId, BurntFundsActorAddr, CronActorAddr, FirstNonSingletonId, InitActorAddr, RewardActorAddr, SystemActorAddr
} from './builtin/addresses.js'
import { AccountActorCode, CronActorCode, InitActorCode, RewardActorCode, SystemActorCode } from './builtin/codes.js'
import { cronStateCbor, type CronEntry } from './builtin/cron/actor.js'
import { emptyAddressMap, initSetAddress, initStateCbor, type InitState } from './builtin/init/state.js'
import { newRewardState, rewardStateCbor } from './builtin/reward/state.js'
import { newActorRegistry } from './builtin/registry.js'
import { systemStateCbor } from './builtin/system/actor.js'

/** A genesis account: a key address and its starting balance. */
export interface GenesisAccount {
  address: Address
  balance: TokenAmount
}

export interface InitialStateOptions {
  networkName: string
  accounts?: GenesisAccount[]
  /** FIL the reward actor starts with, to pay block rewards from. Default 1.1 billion FIL (Filecoin's mining reserve). */
  rewardBalance?: TokenAmount
  /** FIL per epoch the reward actor pays (see reward/state.ts). */
  epochReward?: TokenAmount
  baselinePower?: bigint
  /** Cron entries in call order; the power and market actors register here. */
  cronEntries?: CronEntry[]
  /** Actors whose code goes into the system actor's manifest; default: the basic built-ins. */
  registry?: ActorRegistry
}

export interface InitialState {
  /** The state tree, flushed; add the storage singletons and genesis miners to it. */
  tree: StateTree
  root: CID
  /** Each genesis account's ID address, by its key address string. */
  accountIds: Map<string, Address>
}

const FIL = 10n ** 18n

/** Writes `value` with `codec` and returns the head CID. */
export async function putActorState<S> (store: Blockstore, codec: CborCodec<S>, value: S): Promise<CID> {
  return await putBlock(store, encodeCbor(codec, value))
}

/** Stores an actor with its state directly in the tree (genesis only: no constructor runs). */
export async function setupGenesisActor<S> (
  tree: StateTree, id: Address, code: CID, codec: CborCodec<S>, state: S, balance: TokenAmount = 0n as TokenAmount
): Promise<void> {
  const head = await putActorState(tree.store, codec, state)
  await tree.setActor(id, { Code: code, Head: head, Nonce: 0n, Balance: balance, DelegatedAddress: null })
}

/**
 * The state at genesis, as Lotus's genesis builder lays it out: system, init, reward, cron and
 * burnt funds singletons, then one account actor per genesis account with IDs from 100
 * (`AccountStart`) and the init actor's NextID at 1000, so the first miner is t01000.
 */
export async function makeInitialState (store: Blockstore, options: InitialStateOptions): Promise<InitialState> {
  const accounts = options.accounts ?? []
  if (BigInt(accounts.length) > FirstNonSingletonId - AccountStartId) {
    throw new InvalidInputError('ERR_GENESIS', `at most ${FirstNonSingletonId - AccountStartId} genesis accounts, got ${accounts.length}`)
  }
  const tree = StateTree.create(store)
  const registry = options.registry ?? newActorRegistry()

  // The init actor first: every other setActor resolves addresses through it.
  let init: InitState = { AddressMap: await emptyAddressMap(store), NextID: FirstNonSingletonId, NetworkName: options.networkName }
  const accountIds = new Map<string, Address>()
  let nextAccount = AccountStartId
  for (const account of accounts) {
    const key = account.address.toString()
    if (account.address.protocol !== Protocol.SECP256K1 && account.address.protocol !== Protocol.BLS) {
      throw new InvalidInputError('ERR_GENESIS', `genesis account ${key} is not a key (f1/f3) address`, { value: key })
    }
    if (accountIds.has(key)) throw new InvalidInputError('ERR_GENESIS', `genesis account ${key} is listed twice`, { value: key })
    init = await initSetAddress(store, init, account.address, nextAccount)
    accountIds.set(key, newIdAddress(nextAccount))
    nextAccount++
  }
  await setupGenesisActor(tree, InitActorAddr, InitActorCode, initStateCbor, init)

  const manifest = [...registry].map((a) => [a.name, a.code])
  const manifestCid = await putBlock(store, encodeCborValue(manifest))
  await setupGenesisActor(tree, SystemActorAddr, SystemActorCode, systemStateCbor, { BuiltinActors: manifestCid })
  await setupGenesisActor(tree, RewardActorAddr, RewardActorCode, rewardStateCbor,
    newRewardState(options.epochReward, options.baselinePower), options.rewardBalance ?? (1_100_000_000n * FIL) as TokenAmount)
  await setupGenesisActor(tree, CronActorAddr, CronActorCode, cronStateCbor, { Entries: options.cronEntries ?? [] })
  await setupGenesisActor(tree, BurntFundsActorAddr, AccountActorCode, accountStateCbor, { Address: BurntFundsActorAddr })

  for (const account of accounts) {
    const id = accountIds.get(account.address.toString())!
    await setupGenesisActor(tree, id, AccountActorCode, accountStateCbor, { Address: account.address }, account.balance)
  }
  return { tree, root: await tree.flush(), accountIds }
}
