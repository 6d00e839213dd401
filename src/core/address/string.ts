import { base32Decode, base32Encode } from './base32.js'
import { addressChecksum, ChecksumHashLength, PayloadHashLength } from './checksum.js'
import { InvalidAddressError } from './errors.js'
import { MainnetPrefix, networkPrefix, TestnetPrefix, type Network } from './network.js'
import { Protocol } from './protocol.js'
import { BlsPublicKeyBytes, MaxSubaddressLen } from './payload.js'
import { decodeUvarint, encodeUvarint, MaxUvarint63 } from './uvarint.js'

/** Decimal digits of the largest int64, the longest ID or namespace in a string. */
export const MaxInt64StringLength = 19
/** Longest address string go-address accepts (115). */
export const MaxAddressStringLength = 2 + MaxInt64StringLength + 1 + 93

/** The string form of a validated (protocol, payload) pair. */
export function formatAddress (protocol: Protocol, payload: Uint8Array, network: Network): string {
  const prefix = networkPrefix(network) + String(protocol)
  const varint = protocol === Protocol.ID || protocol === Protocol.Delegated ? decodeUvarint(payload) : undefined
  if (varint !== undefined && 'error' in varint) throw new Error('unreachable: address payload was validated')
  if (protocol === Protocol.ID) return prefix + String(varint?.value)
  const checksum = addressChecksum(concat(Uint8Array.of(protocol), payload))
  if (protocol === Protocol.Delegated) {
    const length = varint?.length ?? 0
    return `${prefix}${String(varint?.value)}f${base32Encode(concat(payload.subarray(length), checksum))}`
  }
  return prefix + base32Encode(concat(payload, checksum))
}

/**
 * Reads an address string the way go-address `decode` does, with the same checks in the
 * same order, and returns its protocol and payload (the payload still needs validating).
 */
export function decodeAddressString (text: string, source?: string): { protocol: Protocol, payload: Uint8Array } {
  const fail = (reason: ConstructorParameters<typeof InvalidAddressError>[0], why: string): never => {
    throw new InvalidAddressError(reason, `invalid address ${JSON.stringify(text)}: ${why}`, { value: text, source })
  }
  if (text.length > MaxAddressStringLength || text.length < 3) {
    fail('invalid-length', `length ${text.length} is outside 3..${MaxAddressStringLength}`)
  }
  const network = text.charAt(0)
  if (network !== MainnetPrefix && network !== TestnetPrefix) {
    fail('unknown-network', `network letter ${JSON.stringify(network)} is neither "f" (mainnet) nor "t" (testnet)`)
  }
  const protocolChar = text.charAt(1)
  if (!/^[0-4]$/.test(protocolChar)) {
    fail('unknown-protocol', `protocol ${JSON.stringify(protocolChar)} is not one of 0 (ID), 1 (secp256k1), 2 (actor), 3 (BLS), 4 (delegated)`)
  }
  const protocol = Number(protocolChar) as Protocol
  const raw = text.slice(2)

  if (protocol === Protocol.ID) {
    if (raw.length > MaxInt64StringLength) fail('invalid-length', `actor ID has more than ${MaxInt64StringLength} digits`)
    return { protocol, payload: encodeUvarint(parseUint63(raw, 'actor ID', fail)) }
  }

  let payload: Uint8Array
  let checksum: Uint8Array
  if (protocol === Protocol.Delegated) {
    const split = raw.indexOf('f')
    if (split < 0) fail('invalid-payload', 'delegated address has no "f" between namespace and subaddress')
    const namespaceText = raw.slice(0, split)
    if (namespaceText.length > MaxInt64StringLength) fail('invalid-length', `namespace has more than ${MaxInt64StringLength} digits`)
    const namespace = parseUint63(namespaceText, 'namespace', fail)
    const decoded = base32Decode(raw.slice(split + 1), text, source)
    if (decoded.length < ChecksumHashLength) fail('invalid-length', `${decoded.length} bytes is too short to hold a checksum`)
    const subaddress = decoded.subarray(0, decoded.length - ChecksumHashLength)
    checksum = decoded.subarray(decoded.length - ChecksumHashLength)
    if (subaddress.length > MaxSubaddressLen) fail('invalid-length', `subaddress of ${subaddress.length} bytes is longer than ${MaxSubaddressLen}`)
    payload = concat(encodeUvarint(namespace), subaddress)
  } else {
    const decoded = base32Decode(raw, text, source)
    if (decoded.length < ChecksumHashLength) fail('invalid-length', `${decoded.length} bytes is too short to hold a checksum`)
    payload = decoded.subarray(0, decoded.length - ChecksumHashLength)
    checksum = decoded.subarray(decoded.length - ChecksumHashLength)
    const want = protocol === Protocol.BLS ? BlsPublicKeyBytes : PayloadHashLength
    if (payload.length !== want) fail('invalid-length', `payload is ${payload.length} bytes, protocol ${protocol} needs ${want}`)
  }
  if (!equalBytes(addressChecksum(concat(Uint8Array.of(protocol), payload)), checksum)) {
    fail('invalid-checksum', 'checksum does not match')
  }
  return { protocol, payload }
}

// Decimal digits only, as Go's strconv.ParseUint(s, 10, 63): no sign, no spaces.
function parseUint63 (digits: string, what: string, fail: (reason: 'invalid-payload', why: string) => never): bigint {
  if (!/^[0-9]+$/.test(digits)) fail('invalid-payload', `${what} ${JSON.stringify(digits)} is not a decimal number`)
  const value = BigInt(digits)
  if (value > MaxUvarint63) fail('invalid-payload', `${what} ${digits} is larger than 2^63-1`)
  return value
}

export function concat (a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

export function equalBytes (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
