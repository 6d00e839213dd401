/**
 * Go's encoding/json writes []byte as padded standard base64, and reads only that. Node's
 * Buffer decoder silently skips bad characters, so input is checked first.
 */
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

export function encodeBase64 (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/** Returns undefined when `text` is not padded standard base64 (Go's base64.StdEncoding). */
export function decodeBase64 (text: string): Uint8Array | undefined {
  // Go's decoder ignores line breaks, so a key file wrapped by an editor still reads.
  const compact = text.replace(/[\r\n]/g, '')
  if (!STD_BASE64.test(compact)) return undefined
  return new Uint8Array(Buffer.from(compact, 'base64'))
}

/** Returns undefined when `text` is not an even-length string of hex digits. */
export function decodeHex (text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined
  return new Uint8Array(Buffer.from(text, 'hex'))
}

export function encodeHex (bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}
