/**
 * Pieces: fr32, piece sizes, piece CIDs, CommP over streams, zero-piece commitments and CommD.
 *
 * @example
 * ```ts
 * import { pieceCommitment } from 'nelumbo'
 * const { pieceCid, payloadSize, pieceSize } = await pieceCommitment(createReadStream('deal.car'))
 * ```
 */
export { fr32Pad, fr32Unpad, fr32PadQuad, fr32UnpadQuad } from './fr32.js'
export {
  type UnpaddedPieceSize, type PaddedPieceSize, InvalidPieceSizeError,
  MIN_PIECE_PAYLOAD, MAX_PADDED_PIECE_SIZE, MAX_UNPADDED_PIECE_SIZE,
  unpaddedPieceSize, paddedPieceSize, unpaddedToPadded, paddedToUnpadded, unpaddedPieceSizeForPayload, requiredPadding
} from './sizes.js'
export {
  type PieceCid, InvalidPieceCidError, FIL_COMMITMENT_UNSEALED, FIL_COMMITMENT_SEALED, SHA2_256_TRUNC254_PADDED,
  POSEIDON_BLS12_381_A1_FC1, commPToPieceCid, pieceCidToCommP, parsePieceCid
} from './piece-cid.js'
export { zeroCommP, zeroPieceCid, pieceLevel } from './zero.js'
export {
  type PieceCommitment, type PieceSource, type PieceReader, type CommPOptions, type PieceCommitmentOptions, PiecePayloadError,
  DEFAULT_SUBTREE_SIZE, CommPCalc, pieceCommitmentOf, pieceCommitment
} from './commp.js'
export { type PieceInfo, generateUnsealedCid } from './commd.js'
