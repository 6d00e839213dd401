import { InvalidInputError } from '../../core/errors.js'

/**
 * Blocks that cannot form a tipset (Lotus `NewTipSet` rejections): none given, a block
 * without a ticket, or blocks that disagree on height, parents or parent state.
 */
export class InvalidTipSetError extends InvalidInputError {
  constructor (message: string, details: { value?: unknown, source?: string } = {}) {
    super('ERR_INVALID_TIPSET', message, details)
  }
}

/** Bytes that are not a concatenation of CIDs (Lotus `TipSetKeyFromBytes`). */
export class InvalidTipSetKeyError extends InvalidInputError {
  constructor (message: string, details: { value?: unknown, source?: string, cause?: unknown } = {}) {
    super('ERR_INVALID_TIPSET_KEY', message, details)
  }
}
