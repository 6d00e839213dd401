/**
 * The storage actors' part of genesis, from what the actors export: their singletons
 * (`installStorageActors`) and cron entries, and the genesis miners, created as Lotus's
 * `SetupStorageMiners` does: each through the power actor's CreateMiner, sent by its owner
 * with its PowerBalance, so it gets the next ID (t01000, t01001, …).
 */
import { base58btc } from 'multiformats/bases/base58'
import { decodeCbor } from '../../core/cbor/index.js'
import { sealProofForSectorSize, windowPoStProofForSeal } from '../../core/sector/index.js'
import { newActorRegistry, StorageMinerActorCode, StoragePowerActorAddr } from '../actors/index.js'
import { installStorageActors, storageActors, storageCronEntries } from '../actors/builtin/power/storage-genesis.js'
import { createMinerParamsCbor, createMinerReturnCbor, PowerMethods } from '../actors/builtin/power/types.js'
import type { StateTree } from '../state/index.js'
import { GenesisInputError } from './errors.js'
import type { StorageGenesis } from './genesis-state.js'
import { genesisVm } from './genesis-vm.js'
import type { GenesisMiner } from './template-types.js'

function peerIdBytes (m: GenesisMiner, where: string): Uint8Array {
  try {
    return base58btc.baseDecode(m.PeerId)
  } catch (err) {
    throw new GenesisInputError(`PeerId ${JSON.stringify(m.PeerId)} is not a base58 peer ID`, { value: m.PeerId, source: `${where}.PeerId`, cause: err })
  }
}

async function setupMiners (tree: StateTree, ctx: Parameters<StorageGenesis['setupMiners']>[1]): Promise<void> {
  const registry = newActorRegistry(storageActors)
  if (registry.get(StorageMinerActorCode) === undefined) {
    throw new GenesisInputError(`the template has ${ctx.miners.length} genesis miner(s), but this build has no storage miner actor to create them`,
      { source: `${ctx.source}: Miners` })
  }
  const vm = genesisVm(tree, registry, ctx.networkVersion, ctx.source)
  for (const [i, m] of ctx.miners.entries()) {
    const where = `${ctx.source}: Miners[${i}]`
    const spt = sealProofForSectorSize(m.SectorSize, `${where}.SectorSize`)
    const ret = await vm.exec(`creating genesis miner ${m.ID.toString()}`, m.Owner, StoragePowerActorAddr, m.PowerBalance, PowerMethods.CreateMiner, createMinerParamsCbor, {
      // Lotus makes the worker the owner too.
      Owner: m.Worker,
      Worker: m.Worker,
      WindowPoStProofType: windowPoStProofForSeal(spt, ctx.networkVersion),
      Peer: peerIdBytes(m, where),
      Multiaddrs: []
    })
    const created = decodeCbor(createMinerReturnCbor, ret, 'CreateMiner return')
    if (!created.IDAddress.equals(m.ID)) {
      throw new GenesisInputError(`miner was assigned ${created.IDAddress.toString()}, not ${m.ID.toString()}`, { value: m.ID.toString(), source: `${where}.ID` })
    }
  }
}

/** The storage actors as this build has them. */
export const builtinStorageGenesis: StorageGenesis = {
  actors: storageActors,
  cronEntries: storageCronEntries,
  setupSingletons: async (tree, ctx) => { await installStorageActors(tree, { verifiedRegistryRootKey: ctx.verifregRoot }) },
  setupMiners
}
