// The devnet's randomness beacon: a local BLS-signing beacon (no drand), and the rules for the
// beacon entries blocks carry.
export { type RandomBeacon, LocalBeacon, type LocalBeaconOptions, beaconRoundMessage, deriveBeaconKey } from './local-beacon.js'
export {
  genesisBeaconEntry, latestBeaconEntry, beaconRoundsForBlock, beaconEntriesForBlock, beaconEntriesProblem
} from './entries.js'
