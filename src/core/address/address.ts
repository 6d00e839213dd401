import { addressHash } from './checksum.js'
import { InvalidAddressError } from './errors.js'
import { currentNetwork, type Network } from './network.js'
import { BlsPublicKeyBytes, MaxSubaddressLen, validatePayload } from './payload.js'
import { Protocol } from './protocol.js'
import { concat, decodeAddressString, equalBytes, formatAddress } from './string.js'
import { decodeUvarint, encodeUvarint, MaxUvarint63 } from './uvarint.js'

/**
 * A Filecoin address: protocol byte followed by payload. Immutable; only built through the
 * functions below, which validate it exactly as go-address does.
 */
export class Address {
  readonly #bytes: Uint8Array

  private constructor (bytes: Uint8Array) {
    this.#bytes = bytes
  }

  /** @internal Wraps bytes already validated by `validatePayload`. */
  static fromValidated (protocol: Protocol, payload: Uint8Array): Address {
    return new Address(concat(Uint8Array.of(protocol), payload))
  }

  get protocol (): Protocol {
    return this.#bytes[0] as Protocol
  }

  /** The payload (a fresh copy): uvarint ID, key hash, BLS key or namespace || subaddress. */
  get payload (): Uint8Array {
    return this.#bytes.slice(1)
  }

  /** The byte form (a fresh copy), as carried in CBOR. */
  get bytes (): Uint8Array {
    return this.#bytes.slice()
  }

  /** The string form with the network letter of `network` (default: the current network). */
  toString (network: Network = currentNetwork()): string {
    return formatAddress(this.protocol, this.#bytes.subarray(1), network)
  }

  /** Lotus JSON form: the address string. */
  toJSON (): string {
    return this.toString()
  }

  equals (other: Address): boolean {
    return equalBytes(this.#bytes, other.#bytes)
  }

  /** The actor ID of an ID address (`t01000` → 1000n). */
  id (): bigint {
    if (this.protocol !== Protocol.ID) {
      throw new InvalidAddressError('unknown-protocol', `address ${this.toString()} is not an ID address`, { value: this.toString() })
    }
    return this.#varint().value
  }

  /** The namespace (actor ID of the address manager) of a delegated address. */
  namespace (): bigint {
    this.#requireDelegated()
    return this.#varint().value
  }

  /** The subaddress of a delegated address (for f410 addresses: the 20-byte Ethereum address). */
  subaddress (): Uint8Array {
    this.#requireDelegated()
    return this.#bytes.slice(1 + this.#varint().length)
  }

  #requireDelegated (): void {
    if (this.protocol !== Protocol.Delegated) {
      throw new InvalidAddressError('unknown-protocol', `address ${this.toString()} is not a delegated address`, { value: this.toString() })
    }
  }

  #varint (): { value: bigint, length: number } {
    const v = decodeUvarint(this.#bytes.subarray(1))
    if ('error' in v) throw new Error('unreachable: address payload was validated')
    return v
  }

  [Symbol.for('nodejs.util.inspect.custom')] (): string {
    return `Address(${this.toString()})`
  }
}

/** Parses an address string (`f…` or `t…`); `source` names where it came from for errors. */
export function parseAddress (text: string, source?: string): Address {
  if (typeof text !== 'string') {
    throw new InvalidAddressError('invalid-encoding', `expected an address string, got ${typeof text}`, { value: text, source })
  }
  const { protocol, payload } = decodeAddressString(text, source)
  return Address.fromValidated(validatePayload(protocol, payload, text, source), payload)
}

/** Reads the byte form (protocol byte || payload), as found in CBOR. */
export function addressFromBytes (bytes: Uint8Array, source?: string): Address {
  if (bytes.length < 2) {
    throw new InvalidAddressError('invalid-length', `invalid address bytes: ${bytes.length} bytes is too short (protocol byte and payload needed)`, { value: bytes, source })
  }
  const payload = bytes.slice(1)
  return Address.fromValidated(validatePayload(bytes[0] as number, payload, bytes, source), payload)
}

/** An ID address (`t0<id>`); the ID must be in 0..2^63-1. */
export function newIdAddress (id: bigint | number): Address {
  const value = toUint63(id, 'actor ID')
  return Address.fromValidated(Protocol.ID, encodeUvarint(value))
}

/** A secp256k1 address: payload = blake2b-160 of the 65-byte uncompressed public key. */
export function newSecp256k1Address (pubKey: Uint8Array): Address {
  if (pubKey.length !== 65 || pubKey[0] !== 0x04) {
    throw new InvalidAddressError('invalid-payload', `secp256k1 public key must be 65 bytes uncompressed (0x04 prefix), got ${pubKey.length} bytes`, { value: pubKey })
  }
  return Address.fromValidated(Protocol.SECP256K1, addressHash(pubKey))
}

/** An actor address: payload = blake2b-160 of `data`. */
export function newActorAddress (data: Uint8Array): Address {
  return Address.fromValidated(Protocol.Actor, addressHash(data))
}

/** A BLS address: the payload is the 48-byte public key itself. */
export function newBlsAddress (pubKey: Uint8Array): Address {
  if (pubKey.length !== BlsPublicKeyBytes) {
    throw new InvalidAddressError('invalid-length', `BLS public key must be ${BlsPublicKeyBytes} bytes, got ${pubKey.length}`, { value: pubKey })
  }
  return Address.fromValidated(Protocol.BLS, pubKey.slice())
}

/** A delegated address `f4<namespace>f<subaddress>`; namespace 10 gives f410 (Ethereum) addresses. */
export function newDelegatedAddress (namespace: bigint | number, subaddress: Uint8Array): Address {
  const ns = toUint63(namespace, 'namespace')
  if (subaddress.length > MaxSubaddressLen) {
    throw new InvalidAddressError('invalid-length', `subaddress of ${subaddress.length} bytes is longer than ${MaxSubaddressLen}`, { value: subaddress })
  }
  return Address.fromValidated(Protocol.Delegated, concat(encodeUvarint(ns), subaddress))
}

function toUint63 (value: bigint | number, what: string): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new InvalidAddressError('invalid-payload', `${what} ${value} is not a safe integer (pass a bigint)`, { value })
  }
  const v = BigInt(value)
  if (v < 0n || v > MaxUvarint63) {
    throw new InvalidAddressError('invalid-payload', `${what} ${v} is outside 0..2^63-1`, { value })
  }
  return v
}
