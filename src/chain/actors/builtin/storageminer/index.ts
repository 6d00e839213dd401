/**
 * The storage miner actor as registered on chain (`storageMinerActor`: the `../miner/` actor
 * plus the genesis-only method 17) and the genesis hook that activates pre-sealed sectors.
 */
export { storageMinerActor } from './actor.js'
export { activateGenesisSectors, presealFunding } from './genesis.js'
export {
  internalSectorSetupForPreseal, internalSectorSetupForPresealParamsCbor, InternalSectorSetupForPresealMethod,
  type InternalSectorSetupForPresealParams
} from './preseal.js'
