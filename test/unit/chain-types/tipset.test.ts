import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { blake2b } from '@noble/hashes/blake2.js'
import { cborCid } from '../../../src/core/cid.js'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import type { ChainEpoch } from '../../../src/core/types.js'
import {
  blockHeaderCid, headChangeJson, TipSet, TipSetKey, tipSetCbor, tipSetJson, tipSetKeyCbor, tipSetKeyJson
} from '../../../src/chain/types/index.js'
import { fakeCid, makeHeader } from './fixtures.js'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

// Vectors: filecoin-project/lotus chain/types/tipset_key_test.go TestTipSetKey. The CIDs there
// are CIDv1 dag-cbor blake2b-256 over the bytes "a", "b", "c".
describe('TipSetKey (lotus chain/types/tipset_key_test.go)', () => {
  const c1 = cborCid(utf8('a'))
  const c2 = cborCid(utf8('b'))
  const c3 = cborCid(utf8('c'))

  it('zero value and CID extraction', () => {
    assert.ok(TipSetKey.fromCids([]).equals(TipSetKey.empty))
    assert.deepEqual(TipSetKey.empty.cids, [])
    assert.deepEqual(TipSetKey.fromCids([c1, c2, c3]).cids, [c1, c2, c3])
    assert.deepEqual(TipSetKey.fromCids([c1, c1]).cids, [c1, c1], 'duplicates are kept')
  })

  it('derived CIDs', () => {
    assert.equal(c1.toString(), 'bafy2bzacecesrkxghscnq7vatble2hqdvwat6ed23vdu4vvo3uuggsoaya7ki')
    assert.equal(TipSetKey.empty.cid().toString(), 'bafy2bzacea456askyutsf7uk4ta2q5aojrlcji4mhaqokbfalgvoq4ueeh4l2')
    assert.equal(TipSetKey.fromCids([c1]).cid().toString(), 'bafy2bzacealem6larzxhf7aggj3cozcefqez3jlksx2tuxehwdil27otcmy4q')
    assert.equal(TipSetKey.fromCids([c1, c2, c3]).cid().toString(), 'bafy2bzacecbnwngwfvxuciumcfudiaoqozisp3hus5im5lg4urrwlxbueissu')
  })

  it('equality keeps order', () => {
    assert.ok(TipSetKey.fromCids([c1, c2, c3]).equals(TipSetKey.fromCids([c1, c2, c3])))
    assert.ok(!TipSetKey.empty.equals(TipSetKey.fromCids([c1])))
    assert.ok(!TipSetKey.fromCids([c1, c2]).equals(TipSetKey.fromCids([c2, c1])))
  })

  it('bytes round-trip; a truncated key is rejected', () => {
    for (const k of [TipSetKey.empty, TipSetKey.fromCids([c1]), TipSetKey.fromCids([c1, c2, c3])]) {
      assert.ok(TipSetKey.fromBytes(k.bytes).equals(k))
      assert.ok(decodeCbor(tipSetKeyCbor, encodeCbor(tipSetKeyCbor, k)).equals(k))
    }
    assert.throws(() => TipSetKey.fromBytes(TipSetKey.fromCids([c1]).bytes.subarray(1), 'key'), { code: 'ERR_INVALID_TIPSET_KEY' })
  })

  it('JSON is the CID array', () => {
    assert.deepEqual(tipSetKeyJson.toJson(TipSetKey.empty), [])
    assert.equal(JSON.stringify(tipSetKeyJson.toJson(TipSetKey.fromCids([c1, c2, c3]))),
      '[{"/":"bafy2bzacecesrkxghscnq7vatble2hqdvwat6ed23vdu4vvo3uuggsoaya7ki"},' +
      '{"/":"bafy2bzacebxfyh2fzoxrt6kcgc5dkaodpcstgwxxdizrww225vrhsizsfcg4g"},' +
      '{"/":"bafy2bzacedwviarjtjraqakob5pslltmuo5n3xev3nt5zylezofkbbv5jclyu"}]')
    const back = tipSetKeyJson.fromJson(JSON.parse(JSON.stringify(tipSetKeyJson.toJson(TipSetKey.fromCids([c2, c1])))), 'k')
    assert.deepEqual(back.cids.map(String), [c2, c1].map(String))
    assert.ok(tipSetKeyJson.fromJson(null, 'k').isEmpty)
    assert.throws(() => tipSetKeyJson.fromJson({}, 'params[0]'), /params\[0\]/)
  })
})

describe('TipSet', () => {
  const blocks = ['x', 'y', 'z'].map((t) => makeHeader({ Ticket: { VRFProof: utf8(t) }, Height: 5 as ChainEpoch }))
  const digest = (b: (typeof blocks)[number]): string => Buffer.from(blake2b(b.Ticket!.VRFProof, { dkLen: 32 })).toString('hex')

  it('sorts blocks by ticket digest, whatever the input order (Lotus tipsetSortFunc)', () => {
    const a = TipSet.create(blocks)
    const b = TipSet.create([...blocks].reverse())
    assert.ok(a.equals(b))
    const digests = a.blocks.map(digest)
    assert.deepEqual(digests, [...digests].sort())
    assert.equal(a.minTicketBlock, a.blocks[0])
    assert.deepEqual(a.cids.map(String), a.blocks.map((h) => blockHeaderCid(h).toString()))
    assert.deepEqual(a.key.cids, a.cids)
    assert.equal(a.height, 5)
    assert.ok(a.parents.equals(TipSetKey.fromCids([fakeCid('genesis')])))
    assert.equal(a.parentWeight, 10n)
  })

  it('breaks equal tickets by block CID bytes', () => {
    const same = [makeHeader({ Timestamp: 1 }), makeHeader({ Timestamp: 2 }), makeHeader({ Timestamp: 3 })]
    const ts = TipSet.create(same)
    const cids = ts.cids.map((c) => Buffer.from(c.bytes).toString('hex'))
    assert.deepEqual(cids, [...cids].sort())
  })

  it('rejects what cannot form a tipset, naming the block', () => {
    assert.throws(() => TipSet.create([]), { code: 'ERR_INVALID_TIPSET' })
    assert.throws(() => TipSet.create([makeHeader({ Ticket: null })]), /has no ticket/)
    assert.throws(() => TipSet.create([blocks[0]!, { ...blocks[1]!, Height: 6 as ChainEpoch }]), /mismatching heights/)
    assert.throws(() => TipSet.create([blocks[0]!, { ...blocks[1]!, Parents: [] }]), /mismatching number of parents/)
    assert.throws(() => TipSet.create([blocks[0]!, { ...blocks[1]!, Parents: [fakeCid('other')] }]), /mismatching parents/)
    assert.throws(() => TipSet.create([blocks[0]!, { ...blocks[1]!, ParentStateRoot: fakeCid('s2') }]), /mismatching parent state roots/)
    assert.throws(() => TipSet.create([blocks[0]!, blocks[0]!], 'ChainGetTipSet'), (err: Error) => /appears twice/.test(err.message) && /^ChainGetTipSet: /.test(err.message))
  })

  it('Lotus JSON {Cids, Blocks, Height} and CBOR ExpTipSet round-trip', () => {
    const ts = TipSet.create(blocks)
    const json = tipSetJson.toJson(ts) as { Cids: unknown[], Blocks: unknown[], Height: number }
    assert.deepEqual(Object.keys(json), ['Cids', 'Blocks', 'Height'])
    assert.equal(json.Height, 5)
    assert.ok(tipSetJson.fromJson(JSON.parse(JSON.stringify(json)), 'ts').equals(ts))
    assert.ok(decodeCbor(tipSetCbor, encodeCbor(tipSetCbor, ts)).equals(ts))
    assert.throws(() => tipSetJson.fromJson({ Cids: [], Blocks: [], Height: 0 }, 'result'), /result: a tipset needs at least one block/)
  })

  it('isChildOf and contains', () => {
    const parent = TipSet.create([makeHeader({ Height: 4 as ChainEpoch })])
    const child = TipSet.create([makeHeader({ Height: 6 as ChainEpoch, Parents: [...parent.cids] })])
    assert.ok(child.isChildOf(parent))
    assert.ok(!parent.isChildOf(child))
    assert.ok(parent.contains(parent.cids[0]!))
  })

  it('HeadChange JSON as ChainNotify sends it', () => {
    const ts = TipSet.create(blocks)
    const json = headChangeJson.toJson({ Type: 'current', Val: ts }) as { Type: string }
    assert.equal(json.Type, 'current')
    assert.ok(headChangeJson.fromJson(JSON.parse(JSON.stringify(json)), 'hc').Val.equals(ts))
    assert.throws(() => headChangeJson.fromJson({ ...json, Type: 'applied' }, 'hc[0]'), /hc\[0\]\.Type: unknown head change type/)
  })
})
