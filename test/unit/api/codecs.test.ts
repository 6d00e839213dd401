import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { CID } from 'multiformats/cid'
import { lj } from '../../../src/api/index.js'
import { InvalidInputError } from '../../../src/core/errors.js'

const CID_V1 = 'bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4'

function rejects (codec: lj.AnyCodec, json: unknown, pathAndMessage: RegExp): void {
  assert.throws(() => codec.fromJson(json, 'params[0]'), (err: unknown) => {
    assert.ok(err instanceof lj.LotusJsonError)
    assert.ok(err instanceof InvalidInputError)
    assert.match(err.message, pathAndMessage)
    return true
  })
}

describe('scalar codecs', () => {
  test('string, bool, int and uint accept only their JSON type', () => {
    assert.equal(lj.string.fromJson('x', 'p'), 'x')
    assert.equal(lj.bool.fromJson(false, 'p'), false)
    assert.equal(lj.int.fromJson(-5, 'p'), -5)
    assert.equal(lj.uint.fromJson(2 ** 40, 'p'), 2 ** 40)
    rejects(lj.string, 1, /^params\[0\]: expected a string, got 1$/)
    rejects(lj.bool, 'true', /expected true or false, got "true"/)
    rejects(lj.int, 1.5, /expected an integer, got 1.5/)
    rejects(lj.int, 2 ** 60, /expected an integer/)
    rejects(lj.uint, -1, /expected a non-negative integer, got -1/)
    rejects(lj.int, undefined, /expected an integer, got nothing/)
  })

  test('bigInt is a decimal string both ways', () => {
    assert.equal(lj.bigInt.toJson(10n ** 18n), '1000000000000000000')
    assert.equal(lj.bigInt.fromJson('-42', 'p'), -42n)
    rejects(lj.bigInt, 42, /expected a decimal integer string, got 42/)
    rejects(lj.bigInt, '0x10', /decimal integer string/)
    rejects(lj.bigInt, '01', /decimal integer string/)
  })

  test('bytes are padded base64; null is empty', () => {
    assert.equal(lj.bytes.toJson(Uint8Array.of(7)), 'Bw==')
    assert.deepEqual(lj.bytes.fromJson('Bw==', 'p'), Uint8Array.of(7))
    assert.deepEqual(lj.bytes.fromJson(null, 'p'), new Uint8Array(0))
    assert.equal(lj.bytes.toJson(new Uint8Array(0)), '')
    rejects(lj.bytes, 'Bw', /padded base64/)
    rejects(lj.bytes, 'B*==', /padded base64/)
    const view = new Uint8Array([1, 2, 3, 4]).subarray(1, 3)
    assert.equal(lj.bytes.toJson(view), Buffer.from([2, 3]).toString('base64'))
  })

  test('cid is {"/": …}', () => {
    const c = CID.parse(CID_V1)
    assert.deepEqual(lj.cid.toJson(c), { '/': CID_V1 })
    assert.ok(lj.cid.fromJson({ '/': CID_V1 }, 'p').equals(c))
    const v0 = 'QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n'
    assert.equal(lj.cid.fromJson({ '/': v0 }, 'p').toString(), v0)
    rejects(lj.cid, CID_V1, /expected a CID object/)
    rejects(lj.cid, { '/': 'nope' }, /^params\[0\]\.\/: expected a valid CID string/)
    assert.equal(lj.nullable(lj.cid).fromJson(null, 'p'), null)
    assert.equal(lj.nullable(lj.cid).toJson(null), null)
  })

  test('duration is integer nanoseconds, time is RFC 3339', () => {
    assert.equal(lj.duration.toJson(60_000_000_000), 60_000_000_000)
    rejects(lj.duration, '1m', /duration in integer nanoseconds/)
    const zero = lj.time.fromJson('0001-01-01T00:00:00Z', 'p')
    assert.equal(zero.getUTCFullYear(), 1)
    assert.equal(lj.time.fromJson('2024-01-02T03:04:05.5+02:00', 'p').toISOString(), '2024-01-02T01:04:05.500Z')
    assert.equal(lj.time.toJson(new Date('2024-01-02T03:04:05Z')), '2024-01-02T03:04:05.000Z')
    rejects(lj.time, '2024-01-02', /RFC 3339/)
  })

  test('none, empty, raw, uuid and enums', () => {
    assert.equal(lj.none.toJson(undefined), undefined)
    assert.equal(lj.none.fromJson(undefined, 'p'), undefined)
    rejects(lj.none, 1, /expected no value/)
    assert.deepEqual(lj.empty.toJson({}), {})
    rejects(lj.empty, [], /empty object/)
    assert.deepEqual(lj.raw.fromJson({ a: [1] }, 'p'), { a: [1] })
    assert.equal(lj.uuid.fromJson('5F3B2A1C-0D4E-4F6A-8B9C-1A2B3C4D5E6F', 'p'), '5f3b2a1c-0d4e-4f6a-8b9c-1a2b3c4d5e6f')
    rejects(lj.uuid, 'abc', /UUID/)
    const status = lj.enumNumber('deal status', [0, 7, 8])
    assert.equal(status.fromJson(7, 'p'), 7)
    rejects(status, 3, /expected a deal status \(one of 0, 7, 8\), got 3/)
    const sub = lj.stringEnum('subsystem', ['Markets', 'Mining'])
    assert.equal(sub.fromJson('Mining', 'p'), 'Mining')
    rejects(sub, 'mining', /subsystem/)
  })
})

describe('compound codecs', () => {
  const Ask = lj.struct({
    Price: lj.bigInt,
    Expiry: lj.int,
    Root: lj.nullable(lj.cid),
    Label: lj.optional(lj.string),
    Pieces: lj.array(lj.struct({ Size: lj.uint }))
  })

  test('struct keeps Go field order, omits optional fields, ignores unknown keys', () => {
    const json = Ask.toJson({ Pieces: [{ Size: 2048 }], Root: null, Expiry: 10, Price: 5n })
    assert.equal(JSON.stringify(json), '{"Price":"5","Expiry":10,"Root":null,"Pieces":[{"Size":2048}]}')
    const back = Ask.fromJson({ ...json as object, Extra: true }, 'params[0]')
    assert.deepEqual(back, { Price: 5n, Expiry: 10, Root: null, Pieces: [{ Size: 2048 }] })
    assert.equal(Ask.fromJson({ ...json as object, Label: 'x' }, 'p').Label, 'x')
  })

  test('errors name the full field path', () => {
    rejects(Ask, { Price: '1', Expiry: 1, Root: null, Pieces: [{ Size: 1 }, { Size: 'big' }] },
      /^params\[0\]\.Pieces\[1\]\.Size: expected a non-negative integer, got "big"$/)
    rejects(Ask, { Expiry: 1, Root: null, Pieces: [] }, /^params\[0\]\.Price: expected a decimal integer string, got nothing$/)
    rejects(Ask, [], /^params\[0\]: expected an object, got \[\]$/)
  })

  test('array and map accept Go nil as empty', () => {
    assert.deepEqual(lj.array(lj.int).fromJson(null, 'p'), [])
    assert.deepEqual(lj.map(lj.int).fromJson(null, 'p'), {})
    assert.deepEqual(lj.map(lj.bigInt).toJson({ 5: 1n }), { 5: '1' })
    rejects(lj.map(lj.int), { a: 1, b: 'x' }, /^params\[0\]\.b: expected an integer/)
    rejects(lj.array(lj.int), {}, /expected an array/)
  })

  test('tuple is positional with a fixed length', () => {
    const t = lj.tuple([lj.int, lj.string])
    assert.deepEqual(t.toJson([1, 'a']), [1, 'a'])
    assert.deepEqual(t.fromJson([1, 'a'], 'p'), [1, 'a'])
    rejects(t, [1], /expected an array of 2 items/)
    rejects(t, [1, 2], /^params\[0\]\[1\]: expected a string/)
  })

  test('error values are kept for the caller', () => {
    try {
      lj.int.fromJson('7', 'params[2]')
      assert.fail('should throw')
    } catch (err) {
      assert.ok(err instanceof lj.LotusJsonError)
      assert.equal(err.value, '7')
      assert.equal(err.source, 'params[2]')
      assert.equal(err.code, 'ERR_LOTUS_JSON')
    }
  })
})
