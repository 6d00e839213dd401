import { tuple, type CborCodec } from '../../core/cbor/index.js'
import { array, cid, int } from '../../core/cbor/scalars.js'
import type { CID } from '../../core/cid.js'
import { fieldPath, isJsonObject, jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'
import { cidJson } from '../../core/lotus-json/index.js'
import { blockHeaderCbor, type BlockHeader } from './block-header.js'
import { blockHeaderJson } from './block-header-json.js'
import { TipSet } from './tipset.js'

// A tipset goes over the wire as Lotus's ExpTipSet {Cids, Blocks, Height}; reading one back
// rebuilds it from the blocks (Lotus `NewTipSet`), so Cids and Height are not trusted.

const expTipSetCbor = tuple('ExpTipSet', {
  Cids: array(cid, 8192),
  Blocks: array(blockHeaderCbor, 8192),
  Height: int
})

/** A tipset in CBOR: the 3-tuple [Cids, Blocks, Height] of Lotus `ExpTipSet`. */
export const tipSetCbor: CborCodec<TipSet> = {
  name: 'TipSet',
  toCbor: (ts) => expTipSetCbor.toCbor({ Cids: [...ts.cids], Blocks: [...ts.blocks], Height: ts.height }),
  fromCbor: (value, path) => TipSet.create(expTipSetCbor.fromCbor(value, path).Blocks, path)
}

/** A tipset in Lotus JSON: `{"Cids": [...], "Blocks": [...], "Height": n}` (ChainHead). */
export const tipSetJson: LotusJsonCodec<TipSet> = {
  toJson: (ts) => ({
    Cids: ts.cids.map((c: CID) => cidJson.toJson(c)),
    Blocks: ts.blocks.map((b) => blockHeaderJson.toJson(b)),
    Height: ts.height
  }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a tipset object {"Cids", "Blocks", "Height"}', json, path)
    const blocksPath = fieldPath(path, 'Blocks')
    if (!Array.isArray(json.Blocks)) throw jsonTypeError('an array of block headers', json.Blocks, blocksPath)
    const blocks: BlockHeader[] = json.Blocks.map((b, i) => blockHeaderJson.fromJson(b, `${blocksPath}[${i}]`))
    return TipSet.create(blocks, path)
  }
}
