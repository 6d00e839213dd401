import { NelumboError } from '../../core/errors.js'
import type { CID } from '../../core/cid.js'

/** Every way a block can be invalid, named as block validation reports it. */
export type BlockInvalidKind =
  | 'MalformedBlock'
  | 'UnknownParent'
  | 'BadHeight'
  | 'BadTimestamp'
  | 'FutureBlock'
  | 'MinerNotEligible'
  | 'BadElectionProof'
  | 'BadTicket'
  | 'BadBeaconEntries'
  | 'BadWinningPoSt'
  | 'BadBlockSignature'
  | 'BadMessages'
  | 'BadStateRoot'
  | 'BadReceiptsRoot'
  | 'BadBaseFee'
  | 'BadWeight'

/**
 * A block failed validation: `kind` says which rule, the message says why with the values
 * involved (Lotus's wording where it has one). `block` is the block's CID when known.
 */
export class InvalidBlockError extends NelumboError {
  readonly kind: BlockInvalidKind
  readonly block: CID | undefined
  readonly reason: string

  constructor (kind: BlockInvalidKind, reason: string, block?: CID, options?: { cause?: unknown }) {
    super('ERR_INVALID_BLOCK', `block ${block?.toString() ?? '(unknown)'} is invalid (${kind}): ${reason}`, options)
    this.kind = kind
    this.block = block
    this.reason = reason
  }
}

/** A block arrived whose epoch has not started yet, beyond the allowed clock drift (Lotus `ErrTemporal`). */
export function isTemporalError (err: unknown): boolean {
  return err instanceof InvalidBlockError && err.kind === 'FutureBlock'
}
