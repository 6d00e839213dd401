/**
 * Lotus KeyInfo (chain/types KeyInfo): a wallet key as `lotus wallet export` / `import` and
 * `lotus-seed` move it around. Only the two signing key types live here; libp2p and JWT keys
 * belong to the repo keystore.
 */
import { decodeBase64, decodeHex, encodeBase64, encodeHex } from './encoding.js'
import { InvalidKeyError } from './errors.js'
import { SigType } from './signature.js'

/** Lotus KeyType strings (types.KTSecp256k1, types.KTBLS). */
export type KeyType = 'secp256k1' | 'bls'

export interface KeyInfo {
  readonly type: KeyType
  readonly privateKey: Uint8Array
}

/** Lotus JSON form, field order as Go marshals it: `{"Type":"bls","PrivateKey":"<base64>"}`. */
export interface KeyInfoLotusJson {
  Type: KeyType
  PrivateKey: string
}

export function keyTypeSigType (type: KeyType): typeof SigType.Secp256k1 | typeof SigType.BLS {
  return type === 'secp256k1' ? SigType.Secp256k1 : SigType.BLS
}

/** Key types Lotus knows but Nelumbo's wallet does not sign with, named in the error. */
const OTHER_LOTUS_KEY_TYPES = new Set(['secp256k1-ledger', 'delegated', 'libp2p-host', 'jwt-hmac-secret'])

/**
 * Reads the Type field. Like Lotus's KeyType.UnmarshalJSON it also takes the deprecated
 * integer form (a SigType number).
 */
function parseKeyType (value: unknown, source?: string): KeyType {
  if (value === 'secp256k1' || value === SigType.Secp256k1) return 'secp256k1'
  if (value === 'bls' || value === SigType.BLS) return 'bls'
  if (typeof value === 'string' && OTHER_LOTUS_KEY_TYPES.has(value)) {
    throw new InvalidKeyError(`key type "${value}" is not supported here (only "secp256k1" and "bls" wallet keys)`, { value, source })
  }
  throw new InvalidKeyError(`unknown key Type ${JSON.stringify(value)} (expected "secp256k1" or "bls")`, { value, source })
}

/** Go's encoding/json matches field names case-insensitively, preferring an exact match. */
function field (obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name]
  const lower = name.toLowerCase()
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower)
  return key === undefined ? undefined : obj[key]
}

export function keyInfoToLotusJson (ki: KeyInfo): KeyInfoLotusJson {
  return { Type: ki.type, PrivateKey: encodeBase64(ki.privateKey) }
}

/** Validates a parsed JSON value as a KeyInfo. Key length and range are checked on use. */
export function keyInfoFromLotusJson (value: unknown, source?: string): KeyInfo {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidKeyError('KeyInfo must be a JSON object {"Type": "secp256k1"|"bls", "PrivateKey": "<base64>"}', { source })
  }
  const obj = value as Record<string, unknown>
  const type = parseKeyType(field(obj, 'Type'), source)
  const encoded = field(obj, 'PrivateKey')
  if (encoded === undefined || encoded === null) {
    throw new InvalidKeyError('KeyInfo has no PrivateKey', { source })
  }
  if (typeof encoded !== 'string') {
    throw new InvalidKeyError(`KeyInfo PrivateKey must be a base64 string, got ${typeof encoded}`, { source })
  }
  const privateKey = decodeBase64(encoded)
  // The bad text is a secret, so the error reports only its length.
  if (privateKey === undefined) {
    throw new InvalidKeyError(`KeyInfo PrivateKey is not valid base64 (${encoded.length} characters)`, { source })
  }
  return { type, privateKey }
}

/** Exactly the bytes Go's json.Marshal(KeyInfo) gives. */
export function formatKeyInfoJson (ki: KeyInfo): string {
  return JSON.stringify(keyInfoToLotusJson(ki))
}

export function parseKeyInfoJson (text: string, source?: string): KeyInfo {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // V8's parse errors quote the input, which here is a secret: report only the fact.
    throw new InvalidKeyError(`KeyInfo is not valid JSON (${text.length} characters)`, { source })
  }
  return keyInfoFromLotusJson(value, source)
}

/**
 * The `hex-lotus` form: hex of the KeyInfo JSON. `lotus wallet export` prints it and
 * `lotus-seed` writes it to `pre-seal-<miner>.key`.
 */
export function formatKeyInfoHex (ki: KeyInfo): string {
  return encodeHex(new TextEncoder().encode(formatKeyInfoJson(ki)))
}

/** Reads the `hex-lotus` form; surrounding whitespace (a trailing newline) is ignored, as Lotus does. */
export function parseKeyInfoHex (text: string, source?: string): KeyInfo {
  const trimmed = text.trim()
  const bytes = decodeHex(trimmed)
  if (bytes === undefined) {
    throw new InvalidKeyError(`key is not hex-encoded (hex-lotus format expected, ${trimmed.length} characters)`, { source })
  }
  let json: string
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new InvalidKeyError('hex key does not decode to UTF-8 JSON', { source })
  }
  return parseKeyInfoJson(json, source)
}
