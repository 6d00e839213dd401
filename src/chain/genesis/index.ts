/**
 * Genesis tooling: pre-sealed sectors for genesis miners, genesis templates (Lotus JSON plus
 * the devnet's network parameters), and the genesis state, block and CAR file.
 *
 * @example
 * ```ts
 * const { miner, key } = await preSeal({ minerAddr: parseAddress('t01000'), proofType: 5, numSectors: 2, sectorDir })
 * await writeGenesisMiner(sectorDir, miner.ID, miner, key)
 * const { template } = newTemplate({ params: { BlockDelayMs: 1000 } })
 * const withMiner = addMiners(template, await readPreSealFile(`${sectorDir}/pre-seal-t01000.json`), balance, 'pre-seal file')
 * const { genesisBlock, car } = await makeGenesis(withMiner, { storage })
 * const { genesis, params } = await loadGenesisCar(car, chainBlockstore)
 * ```
 */
export { GenesisInputError } from './errors.js'
export {
  type NetworkParams, DEFAULT_NETWORK_PARAMS, networkParamsCbor, validateNetworkParams, networkParamsToJson, networkParamsFromJson
} from './network-params.js'
export type { GenesisDealProposal, PreSeal, GenesisMiner, MultisigMeta, GenesisActor, GenesisTemplate } from './template-types.js'
export {
  templateFromJson, templateToJson, preSealFileFromJson, preSealFileToJson, genesisMinerFromJson, genesisMinerToJson,
  dealProposalFromJson, dealProposalToJson, formatIndentedJson
} from './template-json.js'
export {
  GENESIS_NETWORK_VERSION, MINER_START, DEFAULT_MINER_OWNER_BALANCE_FIL, type NewTemplateOptions, type NewTemplate, newTemplate,
  addMiners, readTemplate, writeTemplate, readPreSealFile, templateKeysDir, writeTemplateKeys
} from './template.js'
export {
  DEFAULT_TICKET_PREIMAGE, PRESEAL_DEAL_END_EPOCH, type PreSealOptions, type PreSealResult, preSeal, writeGenesisMiner
} from './preseal.js'
export { dummyPeerId } from './peer-id.js'
export {
  TOTAL_FILECOIN, VERIFREG_ROOT_ID, REMAINDER_ACCOUNT_ID, type StorageGenesis, type GenesisStateOptions, type GenesisState,
  makeGenesisState
} from './genesis-state.js'
export { GENESIS_TICKET, INITIAL_BASE_FEE, attachNetworkParams, readNetworkParams, makeGenesisBlock } from './genesis-block.js'
export { writeGenesisCar, writeGenesisCarFile, type LoadedGenesis, loadGenesisCar, loadGenesisCarFile } from './car.js'
export { builtinStorageGenesis, storageGenesis, type StorageGenesisParts } from './storage.js'
export {
  MAX_SECTOR_EXPIRATION_EXTENSION, type GenesisSector, type ActivateGenesisSectors, type GenesisMinersContext, presealExpiration,
  setupGenesisMiners
} from './genesis-miners.js'
export { type GenesisVm, genesisVm } from './genesis-vm.js'
export { type MakeGenesisOptions, type Genesis, makeGenesis, makeGenesisFromFile } from './make-genesis.js'
