// The state tree: actors keyed by ID address in a HAMT under a Lotus v5 StateRoot.
export { type Actor, actorCbor, actorJson } from './actor.js'
export { type StateRoot, stateRootCbor, StateTreeVersion5, StateInfo0Bytes, StateInfo0Cid } from './state-root.js'
export { StateTree } from './tree.js'
export { ActorNotFoundError, IllegalStateError } from './errors.js'
