/**
 * The verified registry (f06): root key, verifiers, clients' datacap (actors v8 layout), datacap
 * spent by verified deals, and the StateVerifiedClientStatus reader.
 */
export { verifregActor } from './actor.js'
export * from './types.js'
export { type VerifregState, verifregStateCbor, newVerifregState, loadDataCapTable } from './state.js'
export { readVerifregState, readVerifiedClientStatus, readVerifierStatus, listDataCap } from './readers.js'
export { installVerifregActor } from './genesis.js'
