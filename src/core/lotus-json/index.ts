// Lotus JSON codecs for the core Filecoin types: `{ toJson, fromJson(json, path) }` each.
export { type LotusJsonCodec, InvalidLotusJsonError } from './codec.js'
export {
  addressJson, bigIntJson, tokenAmountJson, cidJson, bytesJson, uint64Json, int64Json, methodNumJson, uintJson
} from './scalars.js'
export { signatureJson, messageJson, signedMessageJson } from './message.js'
