import type { CID } from 'multiformats/cid'
import { InvalidInputError, NelumboError } from '../errors.js'

/** A block the caller asked for is not in the blockstore (state pruned, or a bad link). */
export class BlockNotFoundError extends NelumboError {
  readonly cid: CID

  constructor (cid: CID, where?: string) {
    super('ERR_BLOCK_NOT_FOUND', `block ${cid.toString()} not found${where != null ? ` (${where})` : ''}`)
    this.cid = cid
  }
}

/**
 * A stored HAMT/AMT node (or another structured block) does not have the shape the reference
 * implementations write. `where` names the structure and the block's CID when known.
 */
export function malformedNode (where: string, detail: string, value?: unknown): InvalidInputError {
  return new InvalidInputError('ERR_MALFORMED_IPLD_NODE', detail, { source: where, value })
}

/** An argument (bit width, index, key) outside what the structure accepts. */
export function invalidArgument (where: string, detail: string, value?: unknown): InvalidInputError {
  return new InvalidInputError('ERR_INVALID_ARGUMENT', detail, { source: where, value })
}
