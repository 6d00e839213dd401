import type { Address } from '../../core/address/index.js'
import { NelumboError } from '../../core/errors.js'

/** No actor at an address (Lotus `types.ErrActorNotFound`); carries the address asked for. */
export class ActorNotFoundError extends NelumboError {
  readonly address: string

  constructor (addr: Address, detail?: string) {
    super('ERR_ACTOR_NOT_FOUND', `actor not found: ${addr.toString()}${detail != null ? ` (${detail})` : ''}`)
    this.address = addr.toString()
  }
}

/** State that breaks an invariant the chain relies on (a missing init actor, a bad map entry). */
export class IllegalStateError extends NelumboError {
  constructor (message: string, options?: { cause?: unknown }) {
    super('ERR_ILLEGAL_STATE', message, options)
  }
}
