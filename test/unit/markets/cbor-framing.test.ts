import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import * as dagCbor from '@ipld/dag-cbor'
import { streamPair } from '@libp2p/utils'
import { CID } from 'multiformats/cid'
import { cborItemEnd, readCborMessage, writeCborMessage } from '../../../src/protocols/index.js'
// js-libp2p's backpressure path (onDrain) needs Promise.withResolvers, which Node 20 lacks.
import '../../../src/node/common/polyfills.js'

const cid = CID.parse('bafy2bzacecnamqgqmifpluoeldx7zzglxcljo6oja4vrmtj7432rphldpdmm2')
const text = (n: number): string => 'x'.repeat(n)
const bytes = (n: number): Uint8Array => new Uint8Array(n).map((_, i) => i % 251)

/** Values DAG-CBOR encodes with every head width and major type cborItemEnd walks. */
const values: Array<[string, unknown]> = [
  ['int 0', 0], ['int 23 (in the head)', 23], ['int 24 (1-byte)', 24], ['int 255', 255], ['int 256 (2-byte)', 256], ['int 65535', 65535],
  ['int 65536 (4-byte)', 65536], ['int 2^32-1', 2 ** 32 - 1], ['int 2^32 (8-byte)', 2 ** 32], ['int 2^53-1 (8-byte)', Number.MAX_SAFE_INTEGER],
  ['neg -1', -1], ['neg -24', -24], ['neg -25 (1-byte)', -25], ['neg -257 (2-byte)', -257], ['neg -65537 (4-byte)', -65537],
  ['neg -2^40 (8-byte)', -(2 ** 40)], ['neg -(2^53-1)', -Number.MAX_SAFE_INTEGER],
  ['true', true], ['false', false], ['null', null],
  ...[0, 23, 24, 300, 70000].flatMap((n): Array<[string, unknown]> => [[`bytes ${n}`, bytes(n)], [`text ${n}`, text(n)]]),
  ['empty array', []], ['empty map', {}],
  ['nested arrays', [1, [2, [3, [4, []]]], 'a', bytes(30)]],
  ['nested maps', { a: { b: { c: [1, 2, { d: null }] } }, long: text(300), n: -1000 }],
  ['array of 24 items (1-byte length)', Array.from({ length: 24 }, (_, i) => i)],
  ['map of 300 entries (2-byte length)', Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i]))],
  ['CID (tag 42)', cid],
  ['CIDs nested in a map and array', { Parents: [cid, cid], Root: cid, Height: 10 }]
]

describe('cborItemEnd', () => {
  for (const [name, value] of values) {
    test(`${name}: the encoded length, undefined for every proper prefix, its own length with trailing bytes`, () => {
      const enc = dagCbor.encode(value)
      assert.equal(cborItemEnd(enc), enc.length)
      for (let i = 0; i < enc.length; i++) assert.equal(cborItemEnd(enc.subarray(0, i)), undefined, `prefix of ${i} of ${enc.length} bytes`)
      const trailing = new Uint8Array(enc.length + 3)
      trailing.set(enc)
      trailing.set([0x01, 0xff, 0x9f], enc.length)
      assert.equal(cborItemEnd(trailing), enc.length)
      // At an offset: the end is absolute.
      const shifted = new Uint8Array(enc.length + 5)
      shifted.set([0x18, 0x20, 0x61, 0x62, 0x63])
      shifted.set(enc, 5)
      assert.equal(cborItemEnd(shifted, 5), 5 + enc.length)
      assert.equal(cborItemEnd(shifted.subarray(0, 4 + enc.length), 5), undefined)
    })
  }

  test('the head widths are the ones the cases above mean to cover', () => {
    assert.equal(dagCbor.encode(2 ** 32).length, 9)
    assert.equal(dagCbor.encode(-(2 ** 40)).length, 9)
    assert.equal(dagCbor.encode(text(70000))[0], 0x7a)
    assert.equal(dagCbor.encode(bytes(300))[0], 0x59)
    assert.equal(dagCbor.encode(cid)[0], 0xd8)
  })

  test('an empty buffer or an offset at its end is a partial item', () => {
    assert.equal(cborItemEnd(new Uint8Array(0)), undefined)
    assert.equal(cborItemEnd(Uint8Array.of(0x01), 1), undefined)
  })

  test('two items back to back: each found from its own offset', () => {
    const a = dagCbor.encode({ x: [1, 2, 3] })
    const b = dagCbor.encode(text(40))
    const both = new Uint8Array(a.length + b.length)
    both.set(a)
    both.set(b, a.length)
    assert.equal(cborItemEnd(both), a.length)
    assert.equal(cborItemEnd(both, a.length), a.length + b.length)
  })

  for (const [name, head] of [['indefinite array 0x9f', [0x9f, 0x01, 0xff]], ['indefinite map 0xbf', [0xbf]], ['indefinite bytes 0x5f', [0x5f]],
    ['indefinite text 0x7f', [0x7f]], ['break 0xff', [0xff]], ['reserved info 28 (0x1c)', [0x1c]], ['indefinite array nested in an array', [0x82, 0x01, 0x9f]]] as const) {
    test(`${name} throws`, () => {
      assert.throws(() => cborItemEnd(Uint8Array.from(head)), (err: Error) => {
        assert.match(err.message, /unsupported CBOR head 0x(9f|bf|5f|7f|ff|1c)/)
        return true
      })
    })
  }

  test('nesting: 64 levels are walked, 65 throw', () => {
    let v: unknown = 1
    for (let i = 0; i < 64; i++) v = [v]
    const enc64 = dagCbor.encode(v)
    assert.equal(cborItemEnd(enc64), 65)
    const enc65 = Uint8Array.from([0x81, ...enc64])
    assert.throws(() => cborItemEnd(enc65), /nests deeper than 64 levels/)
  })

  test('a length beyond the safe integers throws', () => {
    assert.throws(() => cborItemEnd(Uint8Array.of(0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), /does not fit a safe integer/)
  })

  // Only lengths must fit a safe integer: 64-bit integers and floats (DAG-CBOR floats are always 8 bytes) frame.
  test('8-byte integers beyond 2^53 and floats are framed like any other item', () => {
    for (const v of [2 ** 53, 2n ** 63n, 2n ** 64n - 1n, -(2n ** 64n), 1.5, 0.1, -2.5e300]) {
      const enc = dagCbor.encode(v)
      assert.equal(cborItemEnd(enc), 9, `value ${String(v)}`)
      for (let i = 0; i < enc.length; i++) assert.equal(cborItemEnd(enc.subarray(0, i)), undefined)
    }
  })
})

const pause = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }
/** Marks a read's rejection as handled now (the test awaits it later), so it is never reported as unhandled. */
const early = <T>(p: Promise<T>): Promise<T> => { p.catch(() => {}); return p }
const sameBytes = (actual: Uint8Array, expected: Uint8Array): void => {
  assert.equal(actual.length, expected.length)
  assert.equal(Buffer.compare(actual, expected), 0, 'same bytes')
}

describe('readCborMessage / writeCborMessage over a libp2p stream pair', () => {
  const message = dagCbor.encode({ Miner: 'f01000', Payload: bytes(100), List: [1, 2, cid] })

  test('a message sent in small chunks is reassembled, and only its own bytes are returned', async () => {
    const [out, inb] = await streamPair()
    const read = early(readCborMessage(inb, { maxBytes: 1024, timeoutMs: 2000, what: 'Chunked' }))
    for (let i = 0; i < message.length; i += 7) {
      out.send(message.subarray(i, i + 7))
      await pause(2)
    }
    const got = await read
    sameBytes(got, message)
    await out.close()
  })

  test('trailing bytes in the same chunk are not part of the message', async () => {
    const [out, inb] = await streamPair()
    const read = early(readCborMessage(inb, { maxBytes: 1024, timeoutMs: 2000, what: 'Trailing' }))
    out.send(Uint8Array.from([...message, 0x01, 0x02]))
    sameBytes(await read, message)
    await out.close()
  })

  test('writeCborMessage delivers a message larger than the stream buffer, waiting for drain', async () => {
    const [out, inb] = await streamPair({ capacity: 1 })
    const big = dagCbor.encode({ big: bytes(300_000), n: 1 })
    const read = early(readCborMessage(inb, { maxBytes: 1_000_000, timeoutMs: 5000, what: 'Big' }))
    // Fill the queue first so the write has to wait.
    out.send(big.subarray(0, 1000))
    assert.equal(out.send(big.subarray(1000, 2000)), false, 'the queue is full')
    await writeCborMessage(out, big.subarray(2000))
    const got = await read
    sameBytes(got, big)
    await out.close()
  })

  test('a message of exactly maxBytes is read; one byte more is refused with an error naming the limit', async () => {
    {
      const [out, inb] = await streamPair()
      const read = early(readCborMessage(inb, { maxBytes: message.length, timeoutMs: 2000, what: 'Exact' }))
      await writeCborMessage(out, message)
      sameBytes(await read, message)
      await out.close()
    }
    const [out, inb] = await streamPair()
    const read = early(readCborMessage(inb, { maxBytes: message.length - 1, timeoutMs: 2000, what: 'AskRequest from peer' }))
    await writeCborMessage(out, message)
    await assert.rejects(read, (err: Error) => {
      assert.equal(err.message, `AskRequest from peer exceeds ${message.length - 1} bytes`)
      assert.equal((err as Error & { code?: string }).code, 'ERR_MESSAGE_TOO_LARGE')
      return true
    })
    out.abort(new Error('done'))
  })

  test('a message whose chunks add up past maxBytes is refused before it completes', async () => {
    const [out, inb] = await streamPair()
    const read = early(readCborMessage(inb, { maxBytes: 50, timeoutMs: 2000, what: 'Big' }))
    // A byte string announcing 1000 bytes, sent 20 at a time.
    const head = Uint8Array.of(0x59, 0x03, 0xe8)
    out.send(head)
    for (let i = 0; i < 4; i++) { out.send(new Uint8Array(20)); await pause(2) }
    await assert.rejects(read, /Big exceeds 50 bytes/)
    out.abort(new Error('done'))
  })

  test('a stream closed mid-message errors with "stream ended" and the bytes it got', async () => {
    const [out, inb] = await streamPair()
    const read = early(readCborMessage(inb, { maxBytes: 1024, timeoutMs: 2000, what: 'Partial' }))
    out.send(message.subarray(0, 10))
    await out.close()
    await assert.rejects(read, (err: Error) => {
      assert.equal(err.message, 'Partial: stream ended after 10 bytes, before one whole CBOR message')
      assert.equal((err as Error & { code?: string }).code, 'ERR_MESSAGE_TRUNCATED')
      return true
    })
  })

  test('a stream closed before any byte errors with "stream ended after 0 bytes"', async () => {
    const [out, inb] = await streamPair()
    const read = early(readCborMessage(inb, { maxBytes: 1024, timeoutMs: 2000, what: 'Empty' }))
    await out.close()
    await assert.rejects(read, /Empty: stream ended after 0 bytes/)
  })

  test('a silent peer times out and the stream is aborted', async () => {
    const [out, inb] = await streamPair()
    const started = Date.now()
    await assert.rejects(readCborMessage(inb, { maxBytes: 1024, timeoutMs: 100, what: 'Silent' }), /Silent: no complete message within 100 ms/)
    const took = Date.now() - started
    assert.ok(took >= 90 && took < 2000, `timed out after ${took} ms`)
    assert.equal(inb.status, 'aborted')
    out.abort(new Error('done'))
  })

  test('a peer that sends part of a message and then stalls times out too', async () => {
    const [out, inb] = await streamPair()
    const read = early(readCborMessage(inb, { maxBytes: 1024, timeoutMs: 100, what: 'Stalled' }))
    out.send(message.subarray(0, 5))
    await assert.rejects(read, /Stalled: no complete message within 100 ms/)
    out.abort(new Error('done'))
  })

  test('an indefinite-length head from the peer fails the read', async () => {
    const [out, inb] = await streamPair()
    const read = early(readCborMessage(inb, { maxBytes: 1024, timeoutMs: 2000, what: 'Indef' }))
    out.send(Uint8Array.of(0x9f, 0x01, 0xff))
    await assert.rejects(read, /unsupported CBOR head 0x9f/)
    out.abort(new Error('done'))
  })
})
