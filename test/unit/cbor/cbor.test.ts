import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseAddress } from '../../../src/core/address/index.js'
import { cborTypes as t, decodeCbor, encodeCbor, InvalidCborError, map, tuple } from '../../../src/core/cbor/index.js'
import { cborCid, cidFromBytes, identityCid, parseCid, rawCid, DagCborCode, InvalidCidError } from '../../../src/core/cid.js'
import { cidJson } from '../../../src/core/lotus-json/index.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'))

const Ask = tuple('Ask', {
  Price: t.bigInt,
  Expiry: t.int,
  Miner: t.address,
  Label: t.nullable(t.text),
  Deals: t.array(t.uint64),
  Root: t.cid
})

const root = parseCid('bafy2bzaced5rdpz57e64sc7mdwjn3blicglhpialnrph2dlbufhf6iha63dmc')
const ask = { Price: 500n, Expiry: -1, Miner: parseAddress('t01000'), Label: null, Deals: [1n, 2n ** 64n - 1n], Root: root }

describe('tuple structs', () => {
  test('encode in field order and decode back', () => {
    const bytes = encodeCbor(Ask, ask)
    // 86 = array(6); 43 0001f4 = BigInt 500; 20 = -1; 43 00e807 = t01000; f6 = null; 82 01 1bffffffffffffffff; d82a = tag 42
    assert.ok(hex(bytes).startsWith('86430001f42043' + '00e807' + 'f682011bffffffffffffffffd82a58'))
    const back = decodeCbor(Ask, bytes)
    assert.deepEqual({ ...back, Miner: back.Miner.toString(), Root: back.Root.toString() }, { ...ask, Miner: 't01000', Root: root.toString() })
  })

  test('wrong tuple length names the struct', () => {
    const bytes = encodeCbor(tuple('Pair', { A: t.uint, B: t.uint }), { A: 1, B: 2 })
    assert.throws(() => decodeCbor(Ask, bytes), (e: unknown) => e instanceof InvalidCborError && e.message === 'Ask: wrong number of fields for Ask: expected 6, got 2')
  })

  test('wrong field type names the field path', () => {
    const bad = encodeCbor(tuple('X', { Price: t.bigInt, Expiry: t.text }), { Price: 1n, Expiry: 'soon' })
    const Two = tuple('Two', { Price: t.bigInt, Expiry: t.int })
    assert.throws(() => decodeCbor(Two, bad, 'ask.cbor'), /^InvalidCborError: ask\.cbor\.Expiry: expected an integer, got text string "soon"$/m)
    const Nested = tuple('Outer', { Inner: t.array(Two) })
    assert.throws(() => decodeCbor(Nested, encodeCbor(tuple('O', { I: t.array(t.text) }), { I: ['x'] })), /Outer\.Inner\[0\]: expected an array of 2 fields \(Two\), got text string "x"/)
  })

  test('truncated and malformed input', () => {
    const bytes = encodeCbor(Ask, ask)
    for (const cut of [1, 5, bytes.length - 1]) {
      assert.throws(() => decodeCbor(Ask, bytes.subarray(0, cut)), (e: unknown) => e instanceof InvalidCborError && /^Ask: malformed CBOR/.test(e.message))
    }
    // Non-canonical integer (1 written in two bytes) is rejected by strict DAG-CBOR.
    assert.throws(() => decodeCbor(t.uint64, unhex('1801')), /malformed CBOR/)
    // Indefinite-length arrays are not DAG-CBOR.
    assert.throws(() => decodeCbor(t.array(t.uint), unhex('9f01ff')), /malformed CBOR/)
  })

  test('integer ranges', () => {
    assert.throws(() => decodeCbor(t.uint64, encodeCbor(t.int64, -1n)), /uint64: uint64 out of range: -1 \(0\.\.18446744073709551615\)/)
    assert.throws(() => decodeCbor(t.int64, unhex('1bffffffffffffffff')), /int64 out of range/)
    assert.equal(decodeCbor(t.int64, unhex('3b7fffffffffffffff')), -(2n ** 63n))
    assert.throws(() => decodeCbor(t.uint, unhex('1b0020000000000000')), /out of range/)
  })

  test('address fields reject bad bytes and over-long strings', () => {
    assert.throws(() => decodeCbor(t.address, unhex('4105')), /Address: invalid address bytes/)
    assert.throws(() => decodeCbor(t.address, encodeCbor(t.bytes(), new Uint8Array(65))), /too many bytes to unmarshal for an address \(65\)/)
    assert.throws(() => decodeCbor(t.bytes(4), unhex('4500000000ff')), /byte array too large \(5 bytes, at most 4\)/)
  })
})

describe('map structs', () => {
  // cbor-gen writes map keys in canonical order (length first), as lotus storage/pipeline/cbor_gen.go shows
  // for SectorInfo: Log, CommD, CommR, Proof, State, Pieces, ...
  const Info = map('Info', { State: t.text, Pieces: t.array(t.uint), Log: t.bool })
  test('keys come out in canonical order', () => {
    const bytes = encodeCbor(Info, { State: 'Proving', Pieces: [1], Log: true })
    assert.equal(hex(bytes), 'a3634c6f67f56553746174656750726f76696e67665069656365738101')
    assert.deepEqual(decodeCbor(Info, bytes), { State: 'Proving', Pieces: [1], Log: true })
  })
  test('missing and unknown keys', () => {
    const Other = map('Other', { State: t.text })
    assert.throws(() => decodeCbor(Info, encodeCbor(Other, { State: 'x' })), /Info: missing field "Pieces" in Info/)
    assert.throws(() => decodeCbor(Other, encodeCbor(Info, { State: 'x', Pieces: [], Log: false })), /unknown field "Log" in Other/)
  })
})

describe('CIDs', () => {
  test('cborCid is CIDv1 dag-cbor blake2b-256 (lotus abi.CidBuilder)', () => {
    const c = cborCid(unhex('80'))
    assert.equal(c.version, 1)
    assert.equal(c.code, DagCborCode)
    assert.equal(c.multihash.code, 0xb220)
    assert.equal(c.multihash.digest.length, 32)
    assert.ok(c.toString().startsWith('bafy2bzace'))
  })
  test('raw and identity helpers', () => {
    // sha2-256 of the empty string is well known: e3b0c442...
    assert.equal(hex(rawCid(new Uint8Array(0)).multihash.digest), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    const id = identityCid(0x55, Uint8Array.of(1, 2, 3))
    assert.equal(hex(id.multihash.digest), '010203')
    assert.equal(cidFromBytes(id.bytes).toString(), id.toString())
  })
  test('parse errors name the value and source', () => {
    assert.throws(() => parseCid('bafynot', 'params[0]'), (e: unknown) => e instanceof InvalidCidError && /^params\[0\]: invalid CID "bafynot"/.test(e.message))
    assert.throws(() => cidFromBytes(Uint8Array.of(1, 0x71)), InvalidCidError)
    assert.throws(() => cidJson.fromJson('bafy', 'p'), /p: expected a CID object/)
    assert.equal(cidJson.fromJson(cidJson.toJson(root), 'p').toString(), root.toString())
  })
})
