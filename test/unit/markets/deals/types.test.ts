import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import * as dagCbor from '@ipld/dag-cbor'
import { decodeCbor, encodeCbor } from '../../../../src/core/cbor/index.js'
import { SigType } from '../../../../src/core/crypto/index.js'
import {
  type DealParams, type DealStatusResponse, dealParamsCbor, dealResponseCbor, dealStatusResponseCbor, dealStatusRequestCbor,
  parseUuid, uuidString,
  signedProposalCid
} from '../../../../src/protocols/index.js'
import { carFile, proposal, signed } from './fixtures.js'

const UUID = Uint8Array.from(Buffer.from('0f1e2d3c4b5a69788796a5b4c3d2e1f0', 'hex'))

async function params (change: Partial<DealParams> = {}): Promise<DealParams> {
  const { root } = await carFile(100)
  return {
    DealUUID: UUID,
    IsOffline: false,
    ClientDealProposal: signed(proposal()),
    DealDataRoot: root,
    Transfer: { Type: 'http', ClientID: 'client-1', Params: new TextEncoder().encode('{"URL":"http://x/y"}'), Size: 1234 },
    RemoveUnsealedCopy: true,
    SkipIPNIAnnounce: true,
    ...change
  }
}

/** The params as a plain data model map, to drop or add keys. */
function asMap (p: DealParams): Record<string, unknown> {
  return dagCbor.decode(encodeCbor(dealParamsCbor, p))
}

describe('DealParams codec', () => {
  test('round trips every field, as a map of 7 keys', async () => {
    const p = await params()
    const enc = encodeCbor(dealParamsCbor, p)
    assert.equal(enc[0], 0xa7, 'map of 7')
    assert.deepEqual(Object.keys(asMap(p)).sort(),
      ['ClientDealProposal', 'DealDataRoot', 'DealUUID', 'IsOffline', 'RemoveUnsealedCopy', 'SkipIPNIAnnounce', 'Transfer'])
    const back = decodeCbor(dealParamsCbor, enc)
    assert.deepEqual(back.DealUUID, UUID)
    assert.equal(back.IsOffline, false)
    assert.equal(back.RemoveUnsealedCopy, true)
    assert.equal(back.SkipIPNIAnnounce, true)
    assert.ok(back.DealDataRoot.equals(p.DealDataRoot))
    assert.equal(back.Transfer.Type, 'http')
    assert.equal(back.Transfer.ClientID, 'client-1')
    assert.equal(back.Transfer.Size, 1234)
    assert.equal(Buffer.from(back.Transfer.Params).toString(), '{"URL":"http://x/y"}')
    assert.ok((await signedProposalCid(back.ClientDealProposal)).equals(await signedProposalCid(p.ClientDealProposal)))
    assert.deepEqual(encodeCbor(dealParamsCbor, back), enc, 're-encodes to the same bytes')
  })

  test('a 1.2.0 client\'s 5-key map decodes with RemoveUnsealedCopy and SkipIPNIAnnounce false', async () => {
    const m = asMap(await params())
    delete m.RemoveUnsealedCopy
    delete m.SkipIPNIAnnounce
    assert.equal(Object.keys(m).length, 5)
    const back = decodeCbor(dealParamsCbor, dagCbor.encode(m))
    assert.equal(back.RemoveUnsealedCopy, false)
    assert.equal(back.SkipIPNIAnnounce, false)
    assert.equal(back.IsOffline, false)
    assert.equal(back.Transfer.Size, 1234)
  })

  test('an offline deal without IsOffline or Transfer gets the zero transfer', async () => {
    const m = asMap(await params())
    delete m.Transfer
    delete m.IsOffline
    const back = decodeCbor(dealParamsCbor, dagCbor.encode(m))
    assert.equal(back.IsOffline, false)
    assert.deepEqual(back.Transfer, { Type: '', ClientID: '', Params: new Uint8Array(0), Size: 0 })
  })

  test('an unknown extra key is skipped', async () => {
    const p = await params({ IsOffline: true })
    const m = asMap(p)
    m.FutureField = 'something new'
    const back = decodeCbor(dealParamsCbor, dagCbor.encode(m))
    assert.equal(back.IsOffline, true)
    assert.equal((back as unknown as Record<string, unknown>).FutureField, undefined)
    assert.deepEqual(encodeCbor(dealParamsCbor, back), encodeCbor(dealParamsCbor, p))
  })

  test('a required key missing is an error naming it', async () => {
    const m = asMap(await params())
    delete m.DealDataRoot
    assert.throws(() => decodeCbor(dealParamsCbor, dagCbor.encode(m)),
      { message: 'DealParams: missing field "DealDataRoot" in DealParams' })
  })

  test('a UUID of 15 bytes fails', async () => {
    const m = asMap(await params())
    m.DealUUID = UUID.subarray(0, 15)
    assert.throws(() => decodeCbor(dealParamsCbor, dagCbor.encode(m)),
      { code: 'ERR_INVALID_CBOR', message: 'DealParams.DealUUID: expected array to have 16 elements' })
    m.DealUUID = 'not bytes'
    assert.throws(() => decodeCbor(dealParamsCbor, dagCbor.encode(m)),
      { message: 'DealParams.DealUUID: expected array to have 16 elements' })
  })

  test('a non-map fails', () => {
    assert.throws(() => decodeCbor(dealParamsCbor, dagCbor.encode([1, 2, 3])),
      { code: 'ERR_INVALID_CBOR', message: 'DealParams: expected a map (DealParams), got array of 3' })
    assert.throws(() => decodeCbor(dealParamsCbor, dagCbor.encode('params')),
      { message: 'DealParams: expected a map (DealParams), got text string "params"' })
  })
})

describe('DealResponse and status codecs', () => {
  test('DealResponse round trips as a 2-key map', () => {
    for (const r of [{ Accepted: true, Message: '' }, { Accepted: false, Message: 'failed validation: invalid signature' }]) {
      const enc = encodeCbor(dealResponseCbor, r)
      assert.deepEqual(dagCbor.decode(enc), r)
      assert.deepEqual(decodeCbor(dealResponseCbor, enc), r)
    }
  })

  test('DealStatusRequest keeps the signature type and bytes', () => {
    const req = { DealUUID: UUID, Signature: { type: SigType.Secp256k1, data: new Uint8Array(65).fill(7) } }
    const back = decodeCbor(dealStatusRequestCbor, encodeCbor(dealStatusRequestCbor, req))
    assert.deepEqual(back, req)
  })

  test('DealStatusResponse round trips with a null DealStatus', () => {
    const r: DealStatusResponse = { DealUUID: UUID, Error: 'no storage deal found', IsOffline: false, DealStatus: null, TransferSize: 0, NBytesReceived: 0 }
    const enc = encodeCbor(dealStatusResponseCbor, r)
    const m = dagCbor.decode(enc) as Record<string, unknown>
    assert.equal(m.DealStatus, null)
    assert.equal(Object.keys(m).length, 6)
    assert.deepEqual(decodeCbor(dealStatusResponseCbor, enc), r)
  })

  test('DealStatusResponse round trips with a full DealStatus', async () => {
    const cdp = signed(proposal())
    const cid = await signedProposalCid(cdp)
    const r: DealStatusResponse = {
      DealUUID: UUID,
      Error: '',
      IsOffline: true,
      TransferSize: 2000,
      NBytesReceived: 1000,
      DealStatus: {
        Error: '', Status: 'Published', Proposal: cdp.Proposal, PublishCid: cid, ChainDealID: 17, SealingStatus: 'PreCommit1', SignedProposalCid: cid
      }
    }
    const enc = encodeCbor(dealStatusResponseCbor, r)
    const back = decodeCbor(dealStatusResponseCbor, enc)
    assert.equal(back.DealStatus?.Status, 'Published')
    assert.equal(back.DealStatus?.ChainDealID, 17)
    assert.equal(back.DealStatus?.SealingStatus, 'PreCommit1')
    assert.ok(back.DealStatus?.PublishCid?.equals(cid))
    assert.equal(back.NBytesReceived, 1000)
    assert.deepEqual(encodeCbor(dealStatusResponseCbor, back), enc)
  })
})

describe('uuid helpers', () => {
  test('uuidString and parseUuid round trip', () => {
    const text = uuidString(UUID)
    assert.equal(text, '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0')
    assert.deepEqual(parseUuid(text, 'arg'), UUID)
    assert.deepEqual(parseUuid(' 0F1E2D3C4B5A69788796A5B4C3D2E1F0 ', 'arg'), UUID, 'no dashes, upper case, spaces')
  })

  test('parseUuid refuses bad input with the source', () => {
    assert.throws(() => parseUuid('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f', 'deal-uuid'),
      { code: 'ERR_INVALID_CBOR', message: 'deal-uuid: invalid UUID "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f"' })
    assert.throws(() => parseUuid('zz1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'deal-uuid'),
      { message: 'deal-uuid: invalid UUID "zz1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"' })
    assert.throws(() => parseUuid('', 'deal-uuid'), { message: 'deal-uuid: invalid UUID ""' })
  })
})
