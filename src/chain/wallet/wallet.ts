/**
 * The local wallet, as Lotus chain/wallet LocalWallet: keys live in the repo keystore as
 * `wallet-<address>` (the address printed with the network letter), the default key is a copy
 * under `default`, deleted keys are kept as `trash-<address>`. Keys are read from the keystore
 * for each use and not cached, so a private key stays in memory only while it signs.
 */
import { parseAddress, type Address } from '../../core/address/index.js'
import {
  generateKey, keyAddress, sign, signMessage, verify,
  type KeyInfo, type KeyType, type Signature
} from '../../core/crypto/index.js'
import type { Message, SignedMessage } from '../../core/message/index.js'
import { WalletError, WalletKeyNotFoundError, WalletNoDefaultError } from './errors.js'

/** Lotus chain/wallet key names. */
export const KNamePrefix = 'wallet-'
export const KTrashPrefix = 'trash-'
export const KDefault = 'default'

/** A keystore entry as the repo keystore holds it. */
export interface WalletStoredKey {
  readonly type: string
  readonly privateKey: Uint8Array
}

/** What the wallet needs of the repo keystore (`src/repo` Keystore satisfies it). */
export interface WalletKeystore {
  list (): string[]
  has (name: string): boolean
  get (name: string): WalletStoredKey
  put (name: string, info: WalletStoredKey): void
  delete (name: string): void
}

export interface WalletDeps {
  readonly keystore: WalletKeystore
}

export class LocalWallet {
  private readonly keystore: WalletKeystore

  constructor (deps: WalletDeps) {
    this.keystore = deps.keystore
  }

  /** WalletNew: a fresh key; it becomes the default when there is none yet (as Lotus). */
  walletNew (type: KeyType): Address {
    const ki = generateKey(type)
    const addr = keyAddress(ki)
    this.put(KNamePrefix + addr.toString(), ki, 'saving to keystore')
    if (!this.keystore.has(KDefault)) this.put(KDefault, ki, 'failed to set new key as default')
    return addr
  }

  /** WalletList: key addresses, sorted by their string form, duplicates (f/t names) once. */
  walletList (): Address[] {
    const seen = new Map<string, Address>()
    for (const name of this.keystore.list()) {
      if (!name.startsWith(KNamePrefix)) continue
      const addr = parseAddress(name.slice(KNamePrefix.length), `keystore key ${name}`)
      seen.set(addr.toString(), addr)
    }
    return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, a]) => a)
  }

  walletHas (addr: Address): boolean {
    return this.findKeyName(addr) !== undefined
  }

  /** WalletSign: signs arbitrary bytes with the key of `addr`. */
  walletSign (addr: Address, data: Uint8Array): Signature {
    return sign(this.requireKey(addr, `signing using key '${addr.toString()}': key info not found`), data)
  }

  /** WalletSignMessage: signs the message CID bytes; a key-address `From` must be `addr`. */
  walletSignMessage (addr: Address, msg: Message): SignedMessage {
    const ki = this.requireKey(addr, `signing using key '${addr.toString()}': key info not found`)
    return signMessage(msg, ki)
  }

  /** WalletVerify: true when `signature` over `data` was made by `addr`'s key. */
  walletVerify (addr: Address, data: Uint8Array, signature: Signature): boolean {
    return verify(signature, addr, data)
  }

  /** WalletExport: the key (Lotus KeyInfo) of `addr`. */
  walletExport (addr: Address): KeyInfo {
    return this.requireKey(addr, 'key not found')
  }

  /** WalletImport: stores `ki` under its address; an existing key is refused as Lotus does. */
  walletImport (ki: KeyInfo): Address {
    let addr: Address
    try {
      addr = keyAddress(ki)
    } catch (err) {
      throw new WalletError('failed to make key', err)
    }
    this.put(KNamePrefix + addr.toString(), ki, 'saving to keystore')
    return addr
  }

  /** WalletDelete: moves the key to `trash-<address>` and drops the default if it was this key. */
  walletDelete (addr: Address): void {
    const name = this.findKeyName(addr)
    if (name === undefined) return
    const ki = this.load(name)
    const trash = KTrashPrefix + addr.toString()
    try {
      if (this.keystore.has(trash)) this.keystore.delete(trash)
      this.keystore.put(trash, ki)
      for (const n of this.names(addr)) if (this.keystore.has(n)) this.keystore.delete(n)
    } catch (err) {
      throw new WalletError(`wallet delete: failed to delete key ${addr.toString()}`, err)
    }
    const def = this.getDefault()
    if (def?.equals(addr) === true) this.keystore.delete(KDefault)
  }

  /** The default address, or undefined when none is set. */
  getDefault (): Address | undefined {
    if (!this.keystore.has(KDefault)) return undefined
    return keyAddress(this.load(KDefault))
  }

  /** WalletDefaultAddress: the default, with Lotus's error when there is none. */
  walletDefaultAddress (): Address {
    const def = this.getDefault()
    if (def === undefined) throw new WalletNoDefaultError()
    return def
  }

  /** WalletSetDefault: copies the key of `addr` to `default`. */
  setDefault (addr: Address): void {
    const name = this.findKeyName(addr)
    if (name === undefined) {
      throw new WalletKeyNotFoundError(`opening key '${KNamePrefix}${addr.toString()}': key info not found`, addr.toString())
    }
    const ki = this.load(name)
    if (this.keystore.has(KDefault)) this.keystore.delete(KDefault)
    this.put(KDefault, ki, 'failed to set default key')
  }

  /** Both spellings of the key name: Lotus finds keys saved under the other network letter too. */
  private names (addr: Address): string[] {
    const own = KNamePrefix + addr.toString()
    const other = KNamePrefix + addr.toString(addr.toString().startsWith('f') ? 'testnet' : 'mainnet')
    return [own, other]
  }

  private findKeyName (addr: Address): string | undefined {
    return this.names(addr).find((n) => this.keystore.has(n))
  }

  private requireKey (addr: Address, notFound: string): KeyInfo {
    const name = this.findKeyName(addr)
    if (name === undefined) throw new WalletKeyNotFoundError(notFound, addr.toString())
    return this.load(name)
  }

  private load (name: string): KeyInfo {
    const stored = this.keystore.get(name)
    if (stored.type !== 'secp256k1' && stored.type !== 'bls') {
      throw new WalletError('decoding from keystore', new Error(`key '${name}' has type ${JSON.stringify(stored.type)}, not "secp256k1" or "bls"`))
    }
    return { type: stored.type, privateKey: stored.privateKey }
  }

  private put (name: string, ki: KeyInfo, action: string): void {
    try {
      this.keystore.put(name, { type: ki.type, privateKey: ki.privateKey })
    } catch (err) {
      throw new WalletError(action, err)
    }
  }
}
