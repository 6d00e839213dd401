/**
 * The node's wallet: Lotus-compatible keys in the repo keystore.
 *
 * @example
 * ```ts
 * const wallet = new LocalWallet({ keystore: lockedRepo.keystore() })
 * const addr = wallet.walletNew('secp256k1')          // also the default if none was set
 * const smsg = wallet.walletSignMessage(addr, msg)
 * ```
 */
export * from './errors.js'
export * from './wallet.js'
