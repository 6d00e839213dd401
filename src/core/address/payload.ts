import { PayloadHashLength } from './checksum.js'
import { InvalidAddressError } from './errors.js'
import { Protocol } from './protocol.js'
import { decodeUvarint, MaxUvarint63 } from './uvarint.js'

/** Length of a BLS public key, the payload of a protocol-3 address. */
export const BlsPublicKeyBytes = 48
/** Longest subaddress of a delegated (protocol 4) address. */
export const MaxSubaddressLen = 54

/**
 * Checks a payload against its protocol exactly as go-address `newAddress` does and
 * returns the protocol (narrowed); throws naming what is wrong.
 */
export function validatePayload (protocol: number, payload: Uint8Array, what: unknown, source?: string): Protocol {
  const fail = (reason: 'unknown-protocol' | 'invalid-payload' | 'invalid-length', why: string): never => {
    throw new InvalidAddressError(reason, `invalid address ${describe(what)}: ${why}`, { value: what, source })
  }
  switch (protocol) {
    case Protocol.ID: {
      const v = decodeUvarint(payload)
      if ('error' in v) return fail('invalid-payload', `actor ID is not a valid uvarint (${v.error})`)
      if (v.length !== payload.length) fail('invalid-length', `actor ID uvarint is ${v.length} bytes but the payload is ${payload.length}`)
      if (v.value > MaxUvarint63) fail('invalid-payload', 'actor ID is larger than 2^63-1')
      return protocol
    }
    case Protocol.SECP256K1:
    case Protocol.Actor:
      if (payload.length !== PayloadHashLength) fail('invalid-length', `payload is ${payload.length} bytes, protocol ${protocol} needs ${PayloadHashLength}`)
      return protocol
    case Protocol.BLS:
      if (payload.length !== BlsPublicKeyBytes) fail('invalid-length', `payload is ${payload.length} bytes, a BLS address needs ${BlsPublicKeyBytes}`)
      return protocol
    case Protocol.Delegated: {
      const v = decodeUvarint(payload)
      if ('error' in v) return fail('invalid-payload', `namespace is not a valid uvarint (${v.error})`)
      if (v.value > MaxUvarint63) fail('invalid-payload', 'namespace is larger than 2^63-1')
      if (payload.length - v.length > MaxSubaddressLen) fail('invalid-length', `subaddress of ${payload.length - v.length} bytes is longer than ${MaxSubaddressLen}`)
      return protocol
    }
    default:
      return fail('unknown-protocol', `protocol ${protocol} is not one of 0 (ID), 1 (secp256k1), 2 (actor), 3 (BLS), 4 (delegated)`)
  }
}

function describe (what: unknown): string {
  if (what instanceof Uint8Array) return `bytes 0x${Buffer.from(what).toString('hex')}`
  return typeof what === 'string' ? JSON.stringify(what) : String(what)
}
