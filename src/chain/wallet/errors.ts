/**
 * Wallet errors. Messages follow Lotus's chain/wallet wording, since `lotus wallet …` prints
 * them and scripts grep for them (`key not found`, `key info not found`).
 */
import { NelumboError } from '../../core/errors.js'

/** No key for this address in the wallet (Lotus `types.ErrKeyInfoNotFound` / `key not found`). */
export class WalletKeyNotFoundError extends NelumboError {
  readonly address: string
  constructor (message: string, address: string) {
    super('ERR_WALLET_KEY_NOT_FOUND', message)
    this.address = address
  }
}

/** The wallet has no default address (`lotus wallet default` on an empty wallet). */
export class WalletNoDefaultError extends NelumboError {
  constructor () {
    super('ERR_WALLET_NO_DEFAULT', "failed to get default key: opening key 'default': key info not found")
  }
}

/** A keystore or key failure while the wallet was doing `action`; the cause is kept. */
export class WalletError extends NelumboError {
  constructor (action: string, cause: unknown) {
    super('ERR_WALLET', `${action}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause })
  }
}
