/**
 * The Boost deal protocol's messages (`/fil/storage/mk/1.2.x`, `/fil/storage/status/1.2.0`),
 * cbor-gen map-encoded. As Boost's decoders, requests tolerate missing keys (zero values: a
 * 1.2.0 client sends five) and skip unknown ones; answers are written with every key.
 */
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { sha256 } from 'multiformats/hashes/sha2'
import { type CborCodec, cborTypes as c, encodeCbor, map } from '../core/cbor/index.js'
import { InvalidCborError } from '../core/cbor/errors.js'
import { signatureCbor } from '../core/message/index.js'
import type { Signature } from '../core/crypto/index.js'
import { type ClientDealProposal, type DealProposal, clientDealProposalCbor, dealProposalCbor } from '../chain/actors/builtin/market/types.js'

export const DEAL_PROTOCOLS = ['/fil/storage/mk/1.2.1', '/fil/storage/mk/1.2.0'] as const
export const DEAL_STATUS_PROTOCOL = '/fil/storage/status/1.2.0'

/** A deal UUID: 16 bytes on the wire (RFC 4122 binary order). */
export const uuidCbor: CborCodec<Uint8Array> = {
  name: 'UUID',
  toCbor: (v) => v,
  fromCbor: (v, path) => {
    if (!(v instanceof Uint8Array) || v.length !== 16) throw new InvalidCborError('expected array to have 16 elements', { value: v, source: path })
    return v
  }
}

export function uuidString (b: Uint8Array): string {
  const h = Buffer.from(b).toString('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export function parseUuid (text: string, source: string): Uint8Array {
  const hex = text.trim().toLowerCase().replace(/-/g, '')
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new InvalidCborError(`invalid UUID ${JSON.stringify(text)}`, { value: text, source })
  return Uint8Array.from(Buffer.from(hex, 'hex'))
}

/** How the provider fetches the data; the zero value for offline deals. */
export interface Transfer {
  Type: string
  ClientID: string
  /** UTF-8 JSON `{"URL": "...", "Headers": {...}}` for http. */
  Params: Uint8Array
  /** The byte length of the file at the URL (the CAR), not the piece size. */
  Size: number
}
export const transferCbor: CborCodec<Transfer> = map('Transfer', {
  Type: c.text,
  ClientID: c.text,
  Params: c.bytes(),
  Size: c.uint
})

export interface DealParams {
  DealUUID: Uint8Array
  IsOffline: boolean
  ClientDealProposal: ClientDealProposal
  DealDataRoot: CID
  Transfer: Transfer
  RemoveUnsealedCopy: boolean
  SkipIPNIAnnounce: boolean
}
const ZERO_TRANSFER = { Type: '', ClientID: '', Params: new Uint8Array(0), Size: 0 }
export const dealParamsCbor: CborCodec<DealParams> = map('DealParams', {
  DealUUID: uuidCbor,
  IsOffline: c.bool,
  ClientDealProposal: clientDealProposalCbor,
  DealDataRoot: c.cid,
  Transfer: transferCbor,
  RemoveUnsealedCopy: c.bool,
  SkipIPNIAnnounce: c.bool
}, {
  // A 1.2.0 client sends five keys; an offline deal may leave the transfer out.
  skipUnknown: true,
  missing: { IsOffline: false, RemoveUnsealedCopy: false, SkipIPNIAnnounce: false, Transfer: ZERO_TRANSFER }
})

export interface DealResponse { Accepted: boolean, Message: string }
export const dealResponseCbor: CborCodec<DealResponse> = map('DealResponse', { Accepted: c.bool, Message: c.text })

export interface DealStatusRequest { DealUUID: Uint8Array, Signature: Signature }
export const dealStatusRequestCbor: CborCodec<DealStatusRequest> = map('DealStatusRequest', { DealUUID: uuidCbor, Signature: signatureCbor }, { skipUnknown: true })

export interface DealStatus {
  Error: string
  Status: string
  Proposal: DealProposal
  PublishCid: CID | null
  ChainDealID: number
  SealingStatus: string
  SignedProposalCid: CID
}
export const dealStatusCbor: CborCodec<DealStatus> = map('DealStatus', {
  Error: c.text,
  Status: c.text,
  Proposal: dealProposalCbor,
  PublishCid: c.nullable(c.cid),
  ChainDealID: c.uint,
  SealingStatus: c.text,
  SignedProposalCid: c.cid
})

export interface DealStatusResponse {
  DealUUID: Uint8Array
  Error: string
  IsOffline: boolean
  DealStatus: DealStatus | null
  TransferSize: number
  NBytesReceived: number
}
export const dealStatusResponseCbor: CborCodec<DealStatusResponse> = map('DealStatusResponse', {
  DealUUID: uuidCbor,
  Error: c.text,
  IsOffline: c.bool,
  DealStatus: c.nullable(dealStatusCbor),
  TransferSize: c.uint,
  NBytesReceived: c.uint
})

/** Boost's `SignedProposalCid`: CIDv1 dag-cbor sha2-256 of the whole ClientDealProposal. */
export async function signedProposalCid (p: ClientDealProposal): Promise<CID> {
  const bytes = encodeCbor(clientDealProposalCbor, p)
  return CID.create(1, dagCbor.code, await sha256.digest(bytes))
}
