/**
 * The genesis state (Lotus `MakeInitialStateTree` + `SetupStorageMiners`): the basic
 * singletons from `makeInitialState`, the template's accounts (IDs from t0100), the verified
 * registry root at t080 and the remainder account at t090 holding whatever FIL is left of the
 * 2 billion, then the storage actors' singletons and the genesis miners when a
 * {@link StorageGenesis} is supplied.
 */
import { newIdAddress, type Address } from '../../core/address/index.js'
import { decodeCbor, encodeCbor } from '../../core/cbor/index.js'
import type { CID } from '../../core/cid.js'
import { getBlock, putBlock, type Blockstore } from '../../core/ipld/index.js'
import { FilecoinPrecision } from '../../core/token/index.js'
import type { TokenAmount } from '../../core/types.js'
import {
  AccountActorCode, accountStateCbor, InitActorAddr, makeInitialState, newActorRegistry, RewardActorAddr, setupGenesisActor, type CronEntry,
  type GenesisAccount
} from '../actors/index.js'
import { initSetAddress, initStateCbor } from '../actors/builtin/init/state.js'
import type { StateTree } from '../state/index.js'
import type { ActorDefinition } from '../vm/index.js'
import { GenesisInputError } from './errors.js'
import type { NetworkParams } from './network-params.js'
import type { GenesisActor, GenesisMiner, GenesisTemplate } from './template-types.js'

/** All FIL there will ever be (Lotus `build.FilBase`). */
export const TOTAL_FILECOIN = (2_000_000_000n * FilecoinPrecision) as TokenAmount

/** Fixed IDs Lotus gives the verified registry root and the remainder account. */
export const VERIFREG_ROOT_ID = 80n
export const REMAINDER_ACCOUNT_ID = 90n

/**
 * What the storage actors add to genesis. Kept as an interface so the state can be built
 * (and tested) before or without them; `makeGenesis` refuses a template with miners when
 * none is given.
 */
export interface StorageGenesis {
  /** Actor definitions to add to the registry (power, market, verified registry, miner). */
  readonly actors: readonly ActorDefinition[]
  /** Cron entries in call order (power OnEpochTickEnd, market CronTick). */
  readonly cronEntries: readonly CronEntry[]
  /** Stores the power, market and verified registry singletons' first states. */
  setupSingletons: (tree: StateTree, ctx: { params: NetworkParams, verifregRoot: Address }) => Promise<void>
  /**
   * Creates each miner (IDs from t01000, in order) with its pre-sealed sectors active and
   * their power claimed, as Lotus `SetupStorageMiners` does. `tree` is flushed after.
   */
  setupMiners: (tree: StateTree, ctx: { params: NetworkParams, networkVersion: number, miners: readonly GenesisMiner[], source: string }) => Promise<void>
}

export interface GenesisStateOptions {
  storage?: StorageGenesis
  /** The template's file name, for errors. */
  source?: string
}

export interface GenesisState {
  root: CID
  /** ID address of each account, by key address string. */
  accountIds: Map<string, Address>
}

function accountOwner (actor: GenesisActor, where: string): Address {
  if (actor.Type !== 'account') {
    throw new GenesisInputError('multisig actors are not supported on the Nelumbo devnet; use an account ("Type": "account")', { value: actor.Type, source: `${where}.Type` })
  }
  return actor.Meta.Owner
}

/** Checks what Lotus would only find out half-way: balances, duplicates, the miners' sector sizes. */
function checkTemplate (t: GenesisTemplate, source: string): GenesisAccount[] {
  const accounts: GenesisAccount[] = []
  const seen = new Map<string, string>()
  const note = (addr: Address, where: string): void => {
    const prior = seen.get(addr.toString())
    if (prior !== undefined) throw new GenesisInputError(`account ${addr.toString()} is listed twice (also at ${prior})`, { value: addr.toString(), source: where })
    seen.set(addr.toString(), where)
  }
  t.Accounts.forEach((a, i) => {
    const where = `${source}: Accounts[${i}]`
    const owner = accountOwner(a, where)
    if (a.Balance < 0n) throw new GenesisInputError(`negative balance ${a.Balance}`, { value: a.Balance, source: `${where}.Balance` })
    note(owner, where)
    accounts.push({ address: owner, balance: a.Balance })
  })
  note(accountOwner(t.VerifregRootKey, `${source}: VerifregRootKey`), `${source}: VerifregRootKey`)
  note(accountOwner(t.RemainderAccount, `${source}: RemainderAccount`), `${source}: RemainderAccount`)
  t.Miners.forEach((m, i) => {
    const where = `${source}: Miners[${i}]`
    if (!t.NetworkParams.SupportedSectorSizes.includes(m.SectorSize)) {
      throw new GenesisInputError(`sector size ${m.SectorSize} is not in NetworkParams.SupportedSectorSizes (${t.NetworkParams.SupportedSectorSizes.join(', ')})`,
        { value: m.SectorSize, source: `${where}.SectorSize` })
    }
    for (const [key, addr] of [['Owner', m.Owner], ['Worker', m.Worker]] as const) {
      if (!seen.has(addr.toString())) {
        throw new GenesisInputError(`${key} ${addr.toString()} has no account in the template (add the miner with \`lotus-seed genesis add-miner\`, which funds it)`,
          { value: addr.toString(), source: `${where}.${key}` })
      }
    }
  })
  return accounts
}

/** Stores an account actor at a fixed ID and maps its key address to it in the init actor. */
async function setFixedAccount (tree: StateTree, id: bigint, owner: Address, balance: TokenAmount): Promise<void> {
  const init = await tree.requireActor(InitActorAddr)
  const st = decodeCbor(initStateCbor, await getBlock(tree.store, init.Head, 'init state'), 'init state')
  const next = await initSetAddress(tree.store, st, owner, id)
  await tree.setActor(InitActorAddr, { ...init, Head: await putBlock(tree.store, encodeCbor(initStateCbor, next)) })
  await setupGenesisActor(tree, newIdAddress(id), AccountActorCode, accountStateCbor, { Address: owner }, balance)
}

/** Builds the genesis state in `store` and returns its root. */
export async function makeGenesisState (store: Blockstore, template: GenesisTemplate, options: GenesisStateOptions = {}): Promise<GenesisState> {
  const source = options.source ?? 'genesis template'
  const accounts = checkTemplate(template, source)
  const storage = options.storage
  if (template.Miners.length > 0 && storage === undefined) {
    throw new GenesisInputError(`the template has ${template.Miners.length} genesis miner(s), but this build has no storage actors (power, market, miner) to create them`,
      { source: `${source}: Miners` })
  }
  const { tree, accountIds } = await makeInitialState(store, {
    networkName: template.NetworkName,
    accounts,
    cronEntries: storage?.cronEntries !== undefined ? [...storage.cronEntries] : undefined,
    registry: storage !== undefined ? newActorRegistry(storage.actors) : undefined
  })

  const verifregRoot = accountOwner(template.VerifregRootKey, `${source}: VerifregRootKey`)
  await setFixedAccount(tree, VERIFREG_ROOT_ID, verifregRoot, template.VerifregRootKey.Balance)

  // The remainder account takes what is left, so the supply adds up to 2 billion FIL.
  const reward = await tree.requireActor(RewardActorAddr)
  let allocated = reward.Balance + template.VerifregRootKey.Balance
  for (const a of accounts) allocated += a.balance
  const remaining = TOTAL_FILECOIN - allocated
  if (remaining < 0n) {
    throw new GenesisInputError(`the accounts hold ${allocated} attoFIL, more than the ${TOTAL_FILECOIN} attoFIL there is`, { value: allocated, source: `${source}: Accounts` })
  }
  await setFixedAccount(tree, REMAINDER_ACCOUNT_ID, accountOwner(template.RemainderAccount, `${source}: RemainderAccount`), remaining as TokenAmount)

  if (storage !== undefined) {
    await storage.setupSingletons(tree, { params: template.NetworkParams, verifregRoot: newIdAddress(VERIFREG_ROOT_ID) })
    if (template.Miners.length > 0) {
      await storage.setupMiners(tree, { params: template.NetworkParams, networkVersion: template.NetworkVersion, miners: template.Miners, source })
    }
  }
  return { root: await tree.flush(), accountIds }
}
