import { fieldPath, InvalidLotusJsonError, isJsonObject, jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'
import type { TipSet } from './tipset.js'
import { tipSetJson } from './tipset-codecs.js'

/** What happened to a tipset (Lotus `store.HCCurrent`, `HCApply`, `HCRevert`). */
export type HeadChangeType = 'current' | 'apply' | 'revert'

/** One entry of a ChainNotify batch (lotus api.HeadChange). */
export interface HeadChange {
  Type: HeadChangeType
  Val: TipSet
}

const TYPES: readonly string[] = ['current', 'apply', 'revert']

export const headChangeJson: LotusJsonCodec<HeadChange> = {
  toJson: (hc) => ({ Type: hc.Type, Val: tipSetJson.toJson(hc.Val) }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a head change {"Type", "Val"}', json, path)
    if (typeof json.Type !== 'string' || !TYPES.includes(json.Type)) {
      throw new InvalidLotusJsonError(`unknown head change type ${JSON.stringify(json.Type)} (expected current, apply or revert)`, { value: json.Type, source: fieldPath(path, 'Type') })
    }
    return { Type: json.Type as HeadChangeType, Val: tipSetJson.fromJson(json.Val, fieldPath(path, 'Val')) }
  }
}
