import { NelumboError } from '../../core/errors.js'
import { exitCodeName, type ExitCode } from './exitcode.js'

/**
 * An actor call that ended with a non-zero exit code: thrown by `rt.abort` and by the VM's own
 * checks, caught at the send that made the call, which reverts the call's state changes.
 */
export class ActorError extends NelumboError {
  readonly exitCode: ExitCode

  constructor (exitCode: ExitCode, message: string, options?: { cause?: unknown }) {
    super('ERR_ACTOR', `${exitCodeName(exitCode)}: ${message}`, options)
    this.exitCode = exitCode
  }
}

/**
 * A failure that no exit code can describe (state that cannot be read, an actor with unknown
 * code, a bug in an actor): execution of the whole tipset stops, as Lotus's fatal errors do.
 */
export class VmFatalError extends NelumboError {
  constructor (message: string, options?: { cause?: unknown }) {
    super('ERR_VM_FATAL', message, options)
  }
}

/** A message that can never be applied (zero gas limit, negative value): the block holding it is invalid. */
export class InvalidMessageError extends NelumboError {
  constructor (message: string) {
    super('ERR_INVALID_MESSAGE', message)
  }
}
