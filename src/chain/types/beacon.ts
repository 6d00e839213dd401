import { tuple, type CborCodec } from '../../core/cbor/index.js'
import { bytes, uint } from '../../core/cbor/scalars.js'
import { fieldPath, isJsonObject, jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'
import { bytesJson } from '../../core/lotus-json/index.js'
import { uintJson } from './json.js'

/** A randomness beacon entry (lotus chain/types.BeaconEntry): a drand round and its signature. */
export interface BeaconEntry {
  /** Beacon round (uint64; drand rounds stay far below 2^53). */
  Round: number
  Data: Uint8Array
}

export const beaconEntryCbor: CborCodec<BeaconEntry> = tuple('BeaconEntry', {
  Round: uint,
  Data: bytes(2 << 20)
})

export const beaconEntryJson: LotusJsonCodec<BeaconEntry> = {
  toJson: (e) => ({ Round: e.Round, Data: bytesJson.toJson(e.Data) }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a beacon entry object {"Round": n, "Data": "<base64>"}', json, path)
    return {
      Round: uintJson.fromJson(json.Round ?? 0, fieldPath(path, 'Round')),
      Data: bytesJson.fromJson(json.Data ?? null, fieldPath(path, 'Data'))
    }
  }
}
