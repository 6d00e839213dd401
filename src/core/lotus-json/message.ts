import { messageCid, type Message } from '../message/message.js'
import { signedMessageCid, type SignedMessage } from '../message/signed-message.js'
import { SigType, type Signature } from '../message/signature.js'
import { fieldPath, InvalidLotusJsonError, isJsonObject, jsonTypeError, type LotusJsonCodec } from './codec.js'
import { addressJson, bytesJson, cidJson, int64Json, methodNumJson, tokenAmountJson, uint64Json, uintJson } from './scalars.js'

/** `{"Type": 1, "Data": "<base64>"}`; only the known signature types are accepted. */
export const signatureJson: LotusJsonCodec<Signature> = {
  toJson: (sig) => ({ Type: sig.type, Data: bytesJson.toJson(sig.data) }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a signature object {"Type": n, "Data": "<base64>"}', json, path)
    const type = json.Type
    if (type !== SigType.Secp256k1 && type !== SigType.BLS && type !== SigType.Delegated) {
      throw new InvalidLotusJsonError(`unknown signature type ${JSON.stringify(type)} (expected 1 secp256k1, 2 bls or 3 delegated)`, { value: type, source: fieldPath(path, 'Type') })
    }
    return { type, data: bytesJson.fromJson(json.Data ?? null, fieldPath(path, 'Data')) }
  }
}

/**
 * A message in Lotus JSON, with the `CID` field Lotus adds on output (ignored on input, as
 * Lotus does). Fields Go would zero-fill may be left out, except To and From.
 */
export const messageJson: LotusJsonCodec<Message> = {
  toJson: (m) => ({
    Version: m.Version,
    To: addressJson.toJson(m.To),
    From: addressJson.toJson(m.From),
    Nonce: uint64Json.toJson(m.Nonce),
    Value: tokenAmountJson.toJson(m.Value),
    GasLimit: int64Json.toJson(m.GasLimit),
    GasFeeCap: tokenAmountJson.toJson(m.GasFeeCap),
    GasPremium: tokenAmountJson.toJson(m.GasPremium),
    Method: methodNumJson.toJson(m.Method),
    Params: bytesJson.toJson(m.Params),
    CID: cidJson.toJson(messageCid(m))
  }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a message object', json, path)
    const field = <T>(key: string, codec: LotusJsonCodec<T>, zero: unknown): T => {
      const v = json[key]
      return codec.fromJson(v === undefined ? zero : v, fieldPath(path, key))
    }
    return {
      Version: field('Version', uintJson, 0),
      To: field('To', addressJson, undefined),
      From: field('From', addressJson, undefined),
      Nonce: field('Nonce', uint64Json, 0),
      Value: field('Value', tokenAmountJson, '0'),
      GasLimit: field('GasLimit', int64Json, 0),
      GasFeeCap: field('GasFeeCap', tokenAmountJson, '0'),
      GasPremium: field('GasPremium', tokenAmountJson, '0'),
      Method: field('Method', methodNumJson, 0),
      Params: field('Params', bytesJson, null)
    }
  }
}

/** A signed message in Lotus JSON, with its `CID` (the unsigned message's CID for BLS). */
export const signedMessageJson: LotusJsonCodec<SignedMessage> = {
  toJson: (sm) => ({
    Message: messageJson.toJson(sm.Message),
    Signature: signatureJson.toJson(sm.Signature),
    CID: cidJson.toJson(signedMessageCid(sm))
  }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a signed message object {"Message": …, "Signature": …}', json, path)
    return {
      Message: messageJson.fromJson(json.Message, fieldPath(path, 'Message')),
      Signature: signatureJson.fromJson(json.Signature, fieldPath(path, 'Signature'))
    }
  }
}
