import { NelumboError } from '../../core/errors.js'
import type { GasCharge } from './pricelist.js'

/** A message ran past its gas limit; the VM turns this into exit code SysErrOutOfGas. */
export class OutOfGasError extends NelumboError {
  readonly charge: GasCharge
  readonly limit: bigint

  constructor (charge: GasCharge, used: bigint, limit: bigint) {
    super('ERR_OUT_OF_GAS', `not enough gas for ${charge.name} (${charge.gas}): used ${used} of ${limit}`)
    this.charge = charge
    this.limit = limit
  }
}

/** Counts the gas one message uses, across every actor call it makes. */
export class GasTracker {
  readonly limit: bigint
  #used = 0n

  constructor (limit: bigint) {
    this.limit = limit
  }

  get used (): bigint {
    return this.#used
  }

  get available (): bigint {
    return this.limit - this.#used
  }

  /** Adds `charge`; past the limit all gas counts as used (as Lotus) and OutOfGasError is thrown. */
  charge (charge: GasCharge): void {
    const next = this.#used + charge.gas
    if (next > this.limit) {
      const used = this.#used
      this.#used = this.limit
      throw new OutOfGasError(charge, used, this.limit)
    }
    this.#used = next < 0n ? 0n : next
  }
}
