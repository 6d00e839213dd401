// Chain and beacon randomness (Lotus chain/rand), for the VM, the election and the State API.
export {
  ChainRandomness, RandomnessError, type RandomnessChain, type RandomnessDeps, type TipSetRandomness
} from './chain-rand.js'
export { DomainSeparationTag, drawRandomness, drawRandomnessFromDigest } from '../../proofs/randomness.js'
