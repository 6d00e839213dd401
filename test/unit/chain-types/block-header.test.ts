import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { addressFromBytes, newIdAddress } from '../../../src/core/address/index.js'
import { parseCid } from '../../../src/core/cid.js'
import { encodeCborValue } from '../../../src/core/cbor/index.js'
import type { Signature } from '../../../src/core/crypto/index.js'
import type { ChainEpoch, TokenAmount } from '../../../src/core/types.js'
import {
  blockHeaderCid, blockHeaderJson, blockHeaderSigningBytes, decodeBlockHeader, serializeBlockHeader, type BlockHeader
} from '../../../src/chain/types/index.js'
import { mulberry32 } from '../ipld/prng.js'
import { fakeCid, makeHeader } from './fixtures.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

// Vector: filecoin-project/lotus chain/types/blockheader_test.go TestInteropBH (signing bytes
// "acquired from go-filecoin", updated for the 16-field header with ParentBaseFee).
const INTEROP_SIGNING_BYTES = '905501d04cb15021bf6bd003073d79e2238d4e61f1ad2281430102038200420a0b818205410c818200410781d82a5827000171a0e402202f84fef0d7cc2d7f9f00d22445f7bf7539fdd685fd9f284aa37f3822b57619cc430003e802d82a5827000171a0e402202f84fef0d7cc2d7f9f00d22445f7bf7539fdd685fd9f284aa37f3822b57619ccd82a5827000171a0e402202f84fef0d7cc2d7f9f00d22445f7bf7539fdd685fd9f284aa37f3822b57619ccd82a5827000171a0e402202f84fef0d7cc2d7f9f00d22445f7bf7539fdd685fd9f284aa37f3822b57619cc410001f60345003b9aca00'

function interopHeader (): BlockHeader {
  const mcid = parseCid('bafy2bzaceaxyj7xq27gc2747adjcirpxx52tt7owqx6z6kckun7tqivvoym4y')
  return {
    // NewSecp256k1Address([]byte("address0")): protocol 1, blake2b-160 of the "key".
    Miner: addressFromBytes(Buffer.from('01d04cb15021bf6bd003073d79e2238d4e61f1ad22', 'hex')),
    Ticket: { VRFProof: new Uint8Array([1, 2, 3]) },
    ElectionProof: { WinCount: 0, VRFProof: new Uint8Array([0x0a, 0x0b]) },
    BeaconEntries: [{ Round: 5, Data: new Uint8Array([0x0c]) }],
    WinPoStProof: [{ PoStProof: 0 /* StackedDrgWinning2KiBV1 */, ProofBytes: new Uint8Array([7]) }],
    Parents: [mcid],
    ParentWeight: 1000n,
    Height: 2 as ChainEpoch,
    ParentStateRoot: mcid,
    ParentMessageReceipts: mcid,
    Messages: mcid,
    // Go's zero crypto.Signature{}: type byte 0, no data. Only encodable, as in Go.
    BLSAggregate: { type: 0, data: new Uint8Array(0) } as unknown as Signature,
    Timestamp: 1,
    BlockSig: { type: 2, data: new Uint8Array([3]) },
    ForkSignaling: 3,
    ParentBaseFee: 1_000_000_000n as TokenAmount
  }
}

describe('BlockHeader CBOR (lotus chain/types/blockheader_test.go)', () => {
  it('TestInteropBH: signing bytes match go-filecoin/Lotus byte for byte', () => {
    assert.equal(hex(blockHeaderSigningBytes(interopHeader())), INTEROP_SIGNING_BYTES)
  })

  it('signing bytes are the header with BlockSig null, and differ from the full encoding', () => {
    const h = makeHeader()
    assert.deepEqual(blockHeaderSigningBytes(h), serializeBlockHeader({ ...h, BlockSig: null }))
    assert.notDeepEqual(blockHeaderSigningBytes(h), serializeBlockHeader(h))
  })

  it('a zero-type signature is rejected on decode, as go-state-types does, naming the field', () => {
    const bytes = Buffer.from(INTEROP_SIGNING_BYTES, 'hex')
    assert.throws(() => decodeBlockHeader(bytes), (err: Error) => /BLSAggregate/.test(err.message) && /signature type/.test(err.message))
  })

  it('TestBlockHeaderSerialization: the test header round-trips', () => {
    const c = parseCid('bafyreicmaj5hhoy5mgqvamfhgexxyergw7hdeshizghodwkjg6qmpoco7i')
    const vrf = new TextEncoder().encode('vrf proof0000000vrf proof0000000')
    const sig = { type: 2 as const, data: new TextEncoder().encode('boo! im a signature') }
    const h: BlockHeader = {
      Miner: newIdAddress(12512063),
      Ticket: { VRFProof: vrf },
      ElectionProof: { WinCount: 0, VRFProof: vrf },
      BeaconEntries: [],
      WinPoStProof: [],
      Parents: [c, c],
      ParentWeight: 123125126212n,
      Height: 85919298723 as ChainEpoch,
      ParentStateRoot: c,
      ParentMessageReceipts: c,
      Messages: c,
      BLSAggregate: sig,
      Timestamp: 0,
      BlockSig: sig,
      ForkSignaling: 0,
      ParentBaseFee: 3432432843291n as TokenAmount
    }
    const bytes = serializeBlockHeader(h)
    assert.equal(bytes[0], 0x90, '16-field array')
    const back = decodeBlockHeader(bytes)
    assert.deepEqual(back, h)
    assert.equal(blockHeaderCid(back).toString(), blockHeaderCid(h).toString())
    assert.equal(blockHeaderCid(h).code, 0x71)
    assert.equal(blockHeaderCid(h).multihash.code, 0xb220)
  })

  it('rejects the 15-field pre-v0.5 headers of filecoin-project/serialization-vectors block_headers.json', () => {
    // First vector of that file (no ParentBaseFee, single-field ElectionProof).
    const old = '8f420000814a62797465206172726179f68080804000d82a5827000171a0e4022037690cfec6c1bf4c3b9288c7a5d783e98731e90b0a4c177c2a374c7a9427355ed82a5827000171a0e4022037690cfec6c1bf4c3b9288c7a5d783e98731e90b0a4c177c2a374c7a9427355ed82a5827000171a0e4022037690cfec6c1bf4c3b9288c7a5d783e98731e90b0a4c177c2a374c7a9427355ef6004b016279746520617272617900'
    assert.throws(() => decodeBlockHeader(Buffer.from(old, 'hex')), /wrong number of fields for BlockHeader: expected 16, got 15/)
  })

  it('rejects malformed input with the field path', () => {
    const good = serializeBlockHeader(makeHeader())
    assert.throws(() => decodeBlockHeader(good.subarray(0, good.length - 1)), { code: 'ERR_INVALID_CBOR' })
    assert.throws(() => decodeBlockHeader(Buffer.concat([good, Buffer.from([0])])), { code: 'ERR_INVALID_CBOR' })
    const withHeight = (height: unknown): Uint8Array => {
      const h = makeHeader()
      const raw = [h.Miner.bytes, [h.Ticket!.VRFProof], null, [], [], h.Parents, new Uint8Array(0), height, h.ParentStateRoot,
        h.ParentMessageReceipts, h.Messages, null, 0, null, 0, new Uint8Array(0)]
      return encodeCborValue(raw)
    }
    assert.equal(decodeBlockHeader(withHeight(-5)).Height, -5)
    assert.throws(() => decodeBlockHeader(withHeight('5')), /BlockHeader\.Height: expected an integer/)
    assert.throws(() => decodeBlockHeader(encodeCborValue(new Array(16).fill(null))), /BlockHeader\.Miner/)
    const tooMany = makeHeader({ Parents: new Array(8193).fill(fakeCid('p')) })
    assert.throws(() => decodeBlockHeader(serializeBlockHeader(tooMany)), /BlockHeader\.Parents: array too large/)
  })

  it('random headers round-trip through CBOR and Lotus JSON (seeded)', () => {
    const rand = mulberry32(0x5eed)
    const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256))
    const int = (max: number): number => Math.floor(rand() * max)
    for (let i = 0; i < 50; i++) {
      const h = makeHeader({
        Miner: newIdAddress(int(1e9)),
        Ticket: rand() < 0.1 ? null : { VRFProof: bytes(int(96)) },
        ElectionProof: rand() < 0.2 ? null : { WinCount: int(5), VRFProof: bytes(int(96)) },
        BeaconEntries: Array.from({ length: int(3) }, () => ({ Round: int(1e7), Data: bytes(int(96)) })),
        WinPoStProof: Array.from({ length: int(2) }, () => ({ PoStProof: int(15), ProofBytes: bytes(int(200)) })),
        Parents: Array.from({ length: int(4) }, (_, k) => fakeCid(`p${i}-${k}`)),
        ParentWeight: BigInt(int(1e9)) * BigInt(int(1e9)),
        Height: int(1e7) as ChainEpoch,
        BLSAggregate: rand() < 0.5 ? null : { type: 2, data: bytes(96) },
        Timestamp: int(2e9),
        BlockSig: rand() < 0.5 ? null : { type: 1, data: bytes(65) },
        ForkSignaling: int(10),
        ParentBaseFee: BigInt(int(1e9)) as TokenAmount
      })
      const viaCbor = decodeBlockHeader(serializeBlockHeader(h))
      assert.deepEqual(viaCbor, h)
      const viaJson = blockHeaderJson.fromJson(JSON.parse(JSON.stringify(blockHeaderJson.toJson(h))), 'h')
      assert.deepEqual(viaJson, h)
    }
  })
})

describe('BlockHeader Lotus JSON', () => {
  it('prints Lotus field names in Go order, nil slices as null, Go zero values read back', () => {
    const h = makeHeader({ BeaconEntries: [], WinPoStProof: [], ElectionProof: null })
    const json = blockHeaderJson.toJson(h) as Record<string, unknown>
    assert.deepEqual(Object.keys(json), [
      'Miner', 'Ticket', 'ElectionProof', 'BeaconEntries', 'WinPoStProof', 'Parents', 'ParentWeight', 'Height',
      'ParentStateRoot', 'ParentMessageReceipts', 'Messages', 'BLSAggregate', 'Timestamp', 'BlockSig', 'ForkSignaling',
      'ParentBaseFee'
    ])
    assert.equal(json.Miner, 't01000')
    assert.equal(json.BeaconEntries, null)
    assert.equal(json.ElectionProof, null)
    assert.deepEqual(json.Ticket, { VRFProof: 'dGlja2V0' })
    assert.deepEqual(json.Parents, [{ '/': fakeCid('genesis').toString() }])
    assert.equal(json.ParentWeight, '10')
    assert.equal(json.ParentBaseFee, '100')
    assert.deepEqual(json.BlockSig, { Type: 2, Data: Buffer.alloc(96).toString('base64') })
  })

  it('rejects a header without its CIDs, naming the field', () => {
    const json = blockHeaderJson.toJson(makeHeader()) as Record<string, unknown>
    delete json.Messages
    assert.throws(() => blockHeaderJson.fromJson(json, 'params[0]'), /params\[0\]\.Messages/)
    assert.throws(() => blockHeaderJson.fromJson({ ...json, Height: '1' }, 'b'), /b\.Height/)
  })
})
