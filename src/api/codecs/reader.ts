/**
 * Reader parameters on the client side (Lotus `lib/rpcenc` ReaderParamEncoder): a codec cannot
 * print a byte stream, so while a JSON-RPC client encodes a call's params it installs a
 * registrar; a reader codec hands its stream over and prints the uuid the bytes will be pushed
 * under (`{"Type":"push","Info":"<uuid>"}`). Encoding is synchronous, so the registrar is in
 * force exactly for the one call being encoded.
 */
import { LotusJsonError } from './codec.js'

/** Takes a stream the transport will push, returns the uuid it will be pushed under. */
export type ReaderRegistrar = (stream: AsyncIterable<Uint8Array>) => string

let current: ReaderRegistrar | undefined

/** Runs `encode` with `register` taking the reader streams it meets. */
export function encodeWithReaders<T> (register: ReaderRegistrar, encode: () => T): T {
  const outer = current
  current = register
  try {
    return encode()
  } finally {
    current = outer
  }
}

/** Hands a stream to the client encoding the current call; outside one there is nowhere to push it. */
export function registerReader (stream: AsyncIterable<Uint8Array>, path: string): string {
  if (current === undefined) {
    throw new LotusJsonError('a reader a JSON-RPC client can push (an in-process stream cannot be printed)', '<stream>', path)
  }
  return current(stream)
}
