/**
 * The repo keystore (`<repo>/keystore/`), file-compatible with Lotus's fsrepo keystore: one
 * file per key, named by the key name in RFC 4648 base32 upper case without padding, holding
 * `{"Type":"…","PrivateKey":"<base64>"}`, mode 0600 in a 0700 folder. Files readable by group
 * or others are refused with Lotus's message rather than silently used.
 */
import { randomBytes } from 'node:crypto'
import { linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync, fchmodSync, openSync, closeSync, fsyncSync } from 'node:fs'
import { join } from 'node:path'
import { base32upper } from 'multiformats/bases/base32'
import { InvalidInputError } from '../core/errors.js'
import { KeyExistsError, KeyInfoNotFoundError, KeyPermissionsError } from './errors.js'
import { fsyncDirSync } from './atomic-file.js'

/** A keystore entry. `type` is free text: `jwt-hmac-secret`, `libp2p-host`, `secp256k1`, `bls`, … */
export interface StoredKeyInfo {
  readonly type: string
  readonly privateKey: Uint8Array
}

/** Key names Lotus uses. */
export const KeyNames = {
  /** JWT HMAC secret of the node API (Type `jwt-hmac-secret`). */
  apiSecret: 'auth-jwt-private',
  /** libp2p identity (Type `libp2p-host`, protobuf-marshalled private key). */
  libp2pHost: 'libp2p-host',
  /** Wallet key of an address: `wallet-<address>` (chain/wallet KNamePrefix). */
  walletPrefix: 'wallet-',
  /** The default wallet key (chain/wallet KDefault: plain `default`, no prefix). */
  walletDefault: 'default',
  /** Deleted wallet keys are kept as `trash-<address>` (chain/wallet KTrashPrefix). */
  trashPrefix: 'trash-'
} as const

export const KT_JWT_HMAC_SECRET = 'jwt-hmac-secret'
export const KT_LIBP2P_HOST = 'libp2p-host'

/** File name of a key: base32 (RFC 4648, upper case, no padding) of the UTF-8 name. */
export function keyFileName (name: string): string {
  return base32upper.baseEncode(new TextEncoder().encode(name))
}

export function keyNameFromFileName (file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(base32upper.baseDecode(file))
  } catch (err) {
    throw new InvalidInputError('ERR_KEY_NAME', `decoding key: '${file}': not a base32 key file name`, { value: file, cause: err })
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

export class Keystore {
  readonly dir: string

  constructor (dir: string) {
    this.dir = dir
  }

  /** Creates the folder with mode 0700 if it is missing. */
  static create (dir: string): Keystore {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    return new Keystore(dir)
  }

  list (): string[] {
    const names: string[] = []
    for (const file of readdirSync(this.dir).sort()) {
      // Dot files are our own in-flight temp files; base32 names never start with a dot.
      if (file.startsWith('.')) continue
      this.checkMode(join(this.dir, file), file)
      names.push(keyNameFromFileName(file))
    }
    return names
  }

  has (name: string): boolean {
    try {
      lstatSync(this.pathOf(name))
      return true
    } catch (err) {
      if (isNotFound(err)) return false
      throw err
    }
  }

  get (name: string): StoredKeyInfo {
    const file = this.pathOf(name)
    try {
      statSync(file)
    } catch (err) {
      if (isNotFound(err)) throw new KeyInfoNotFoundError('opening key', name)
      throw err
    }
    this.checkMode(file, name)
    return parseStoredKeyInfo(readFileSync(file, 'utf8'), name, file)
  }

  /**
   * Stores a new key; an existing name is refused (Lotus ErrKeyExists), except `trash-…` names,
   * which get a `-1`, `-2`, … suffix as Lotus does. Written atomically: temp file, fsync, then
   * a hard link, which fails rather than overwrites if the name appeared meanwhile.
   */
  put (name: string, info: StoredKeyInfo): void {
    for (let retries = 0; ; retries++) {
      const actual = retries > 0 ? `${name}-${retries}` : name
      const file = this.pathOf(actual)
      if (this.has(actual)) {
        if (actual.startsWith(KeyNames.trashPrefix)) continue
        throw new KeyExistsError(actual)
      }
      const tmp = join(this.dir, `.${randomBytes(8).toString('hex')}.tmp`)
      const fd = openSync(tmp, 'wx', 0o600)
      try {
        fchmodSync(fd, 0o600)
        writeFileSync(fd, formatStoredKeyInfo(info))
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
      try {
        linkSync(tmp, file)
      } catch (err) {
        if ((err as { code?: unknown }).code === 'EEXIST' && !actual.startsWith(KeyNames.trashPrefix)) {
          throw new KeyExistsError(actual)
        }
        if ((err as { code?: unknown }).code !== 'EEXIST') throw err
        continue
      } finally {
        unlinkSync(tmp)
      }
      fsyncDirSync(this.dir)
      return
    }
  }

  delete (name: string): void {
    try {
      unlinkSync(this.pathOf(name))
    } catch (err) {
      if (isNotFound(err)) throw new KeyInfoNotFoundError('checking key before delete', name)
      throw err
    }
    fsyncDirSync(this.dir)
  }

  /** Path of the file holding `name`. */
  pathOf (name: string): string {
    return join(this.dir, keyFileName(name))
  }

  private checkMode (file: string, name: string): void {
    const mode = statSync(file).mode
    if ((mode & 0o077) !== 0) throw new KeyPermissionsError(name, mode, file)
  }
}

/** Exactly Go's json.Marshal of types.KeyInfo. */
export function formatStoredKeyInfo (info: StoredKeyInfo): string {
  return JSON.stringify({ Type: info.type, PrivateKey: Buffer.from(info.privateKey).toString('base64') })
}

export function parseStoredKeyInfo (text: string, name: string, file: string): StoredKeyInfo {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    // The content is a secret: say only that it is not JSON.
    throw new InvalidInputError('ERR_KEY_DECODE', `decoding key '${name}': not valid JSON`, { source: file, cause: err })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError('ERR_KEY_DECODE', `decoding key '${name}': expected a JSON object {"Type", "PrivateKey"}`, { source: file })
  }
  const obj = value as Record<string, unknown>
  const type = obj.Type ?? ''
  const pk = obj.PrivateKey ?? ''
  if (typeof type !== 'string') {
    throw new InvalidInputError('ERR_KEY_DECODE', `decoding key '${name}': Type must be a string`, { source: file, value: type })
  }
  if (typeof pk !== 'string' || !BASE64.test(pk)) {
    throw new InvalidInputError('ERR_KEY_DECODE', `decoding key '${name}': PrivateKey must be a base64 string`, { source: file })
  }
  return { type, privateKey: new Uint8Array(Buffer.from(pk, 'base64')) }
}

/**
 * Loads the API JWT secret (`auth-jwt-private`), creating 32 random bytes on first use.
 * `generated` tells the caller to mint the all-permission CLI token and write `<repo>/token`,
 * which Lotus does only at that moment.
 */
export function loadOrCreateApiSecret (keystore: Keystore): { secret: Uint8Array, generated: boolean } {
  try {
    return { secret: keystore.get(KeyNames.apiSecret).privateKey, generated: false }
  } catch (err) {
    if (!(err instanceof KeyInfoNotFoundError)) throw err
  }
  const secret = new Uint8Array(randomBytes(32))
  keystore.put(KeyNames.apiSecret, { type: KT_JWT_HMAC_SECRET, privateKey: secret })
  return { secret, generated: true }
}

function isNotFound (err: unknown): boolean {
  return (err as { code?: unknown }).code === 'ENOENT'
}
