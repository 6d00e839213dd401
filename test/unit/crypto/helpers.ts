import assert from 'node:assert/strict'
import { InvalidKeyError, InvalidSignatureError } from '../../../src/core/crypto/index.js'

export const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'))
export const fromHex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'))
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
export const toB64 = (b: Uint8Array): string => Buffer.from(b).toString('base64')

/** Asserts `fn` throws the given error class with a message matching `pattern`. */
export function throwsWith (fn: () => unknown, cls: typeof InvalidKeyError | typeof InvalidSignatureError, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`)
    assert.match(err.message, pattern)
    return true
  })
}
