/**
 * Sector basics: registered seal and PoSt proof types with Filecoin's numbers, sector sizes,
 * Window PoSt partition sizes, porep IDs, sector IDs, prover IDs and Lotus sector file names.
 *
 * @example
 * ```ts
 * import { RegisteredSealProof, sealProofSectorSize, sectorName, sectorId } from 'nelumbo'
 * sealProofSectorSize(RegisteredSealProof.StackedDrg2KiBV1_1) // 2048
 * sectorName(sectorId(1000n, 1)) // 's-t01000-1'
 * ```
 */
export {
  RegisteredSealProof, RegisteredPoStProof, type SectorSize, SECTOR_SIZES, WINDOW_POST_V1_1_NETWORK_VERSION,
  UnknownProofTypeError, registeredSealProof, registeredPoStProof, sealProofName, postProofName,
  sealProofSectorSize, postProofSectorSize, winningPoStProofForSeal, windowPoStProofForSeal,
  isWinningPoStProof, isWindowPoStProof, toV1_1PoStProof, sealProofWindowPoStPartitionSectors,
  windowPoStPartitionSectors, isSyntheticPoRep, isNonInteractivePoRep, porepId, isLegacyPoRep,
  sealProofForSectorSize, sectorSizeString
} from './proof-types.js'
export {
  type SectorId, sectorId, SectorFileType, SECTOR_FILE_FOLDERS, SECTOR_FILE_TYPES, InvalidSectorNameError,
  sectorName, parseSectorName, parseSectorFileType, proverId, sectorIdEquals
} from './sector-id.js'
