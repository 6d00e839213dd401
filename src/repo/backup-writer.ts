/** Encoder for the backup format of `backup.ts`: collects entries, then yields the file bytes. */
import { createHash } from 'node:crypto'

/** Shortest CBOR header of a byte string (major type 2) of `len` bytes. */
export function encodeByteStringHeader (len: number): Uint8Array {
  if (len < 24) return Uint8Array.of(0x40 + len)
  if (len < 0x100) return Uint8Array.of(0x58, len)
  if (len < 0x10000) return Uint8Array.of(0x59, len >> 8, len & 0xff)
  if (len < 0x100000000) return Uint8Array.of(0x5a, len >>> 24, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff)
  const out = new Uint8Array(9)
  out[0] = 0x5b
  new DataView(out.buffer).setBigUint64(1, BigInt(len))
  return out
}

export class BackupWriter {
  private readonly chunks: Uint8Array[] = [Uint8Array.of(0x82, 0x9f)]
  private readonly hash = createHash('sha256').update(Uint8Array.of(0x9f))
  count = 0

  add (key: string, value: Uint8Array): void {
    const k = Buffer.from(key, 'utf8')
    for (const c of [Uint8Array.of(0x82), encodeByteStringHeader(k.length), k, encodeByteStringHeader(value.length), value]) {
      this.chunks.push(c)
      this.hash.update(c)
    }
    this.count++
  }

  /** The complete file: entries, break, checksum. */
  finish (): Uint8Array {
    const brk = Uint8Array.of(0xff)
    this.hash.update(brk)
    this.chunks.push(brk, Uint8Array.of(0x58, 0x20), this.hash.digest())
    return Buffer.concat(this.chunks)
  }
}
