import type { CborCodec } from '../../core/cbor/index.js'
import { InvalidCborError } from '../../core/cbor/index.js'
import { bytes, cid, int, int64, nullable } from '../../core/cbor/scalars.js'
import type { CID } from '../../core/cid.js'
import { fieldPath, isJsonObject, jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'
import { bytesJson, cidJson, int64Json } from '../../core/lotus-json/scalars.js'
import type { ExitCode } from './exitcode.js'

/**
 * A message's receipt (Lotus `types.MessageReceipt`). We write version 1, the 4-field tuple
 * Lotus has used since network version 18 (FIP-0049 added EventsRoot); version 0's 3-field
 * tuple is still read. EventsRoot is null: Nelumbo's actors emit no events.
 */
export interface MessageReceipt {
  ExitCode: ExitCode
  Return: Uint8Array
  GasUsed: bigint
  EventsRoot: CID | null
}

const returnBytes = bytes()
const eventsRoot = nullable(cid)

export const messageReceiptCbor: CborCodec<MessageReceipt> = {
  name: 'MessageReceipt',
  toCbor: (r) => [int.toCbor(r.ExitCode), returnBytes.toCbor(r.Return), int64.toCbor(r.GasUsed), eventsRoot.toCbor(r.EventsRoot)],
  fromCbor: (value, path) => {
    if (!Array.isArray(value) || (value.length !== 3 && value.length !== 4)) {
      throw new InvalidCborError('expected a MessageReceipt array of 3 (v0) or 4 (v1) fields', { value, source: path })
    }
    return {
      ExitCode: int.fromCbor(value[0], `${path}.ExitCode`),
      Return: returnBytes.fromCbor(value[1], `${path}.Return`),
      GasUsed: int64.fromCbor(value[2], `${path}.GasUsed`),
      EventsRoot: value.length === 4 ? eventsRoot.fromCbor(value[3], `${path}.EventsRoot`) : null
    }
  }
}

/** Lotus JSON: `{"ExitCode": 0, "Return": null, "GasUsed": 123, "EventsRoot": null}`. */
export const messageReceiptJson: LotusJsonCodec<MessageReceipt> = {
  toJson: (r) => ({
    ExitCode: r.ExitCode,
    Return: bytesJson.toJson(r.Return),
    GasUsed: int64Json.toJson(r.GasUsed),
    EventsRoot: r.EventsRoot === null ? null : cidJson.toJson(r.EventsRoot)
  }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a receipt object', json, path)
    const code = json.ExitCode ?? 0
    if (typeof code !== 'number' || !Number.isSafeInteger(code)) throw jsonTypeError('an integer exit code', code, fieldPath(path, 'ExitCode'))
    const events = json.EventsRoot ?? null
    return {
      ExitCode: code,
      Return: bytesJson.fromJson(json.Return ?? null, fieldPath(path, 'Return')),
      GasUsed: int64Json.fromJson(json.GasUsed ?? 0, fieldPath(path, 'GasUsed')),
      EventsRoot: events === null ? null : cidJson.fromJson(events, fieldPath(path, 'EventsRoot'))
    }
  }
}
