import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import * as dagCbor from '@ipld/dag-cbor'
import { newIdAddress } from '../../../src/core/address/index.js'
import { MemoryBlockstore, getBlock } from '../../../src/core/ipld/index.js'
import { messageCid, signedMessageCid, type Message } from '../../../src/core/message/index.js'
import type { MethodNum, TokenAmount } from '../../../src/core/types.js'
import {
  computeMsgMeta, decodeBlockMsg, putAmt0, readAmt0Cids, readMsgMeta, serializeBlockMsg
} from '../../../src/chain/types/index.js'
import { fakeCid } from './fixtures.js'

const zero = 0n as TokenAmount
// ChainSafe/forest src/test_utils construct_messages(): To f01, From f02, everything else zero.
const forestMessage: Message = {
  Version: 0, To: newIdAddress(1), From: newIdAddress(2), Nonce: 0n, Value: zero, GasLimit: 0n,
  GasFeeCap: zero, GasPremium: zero, Method: 0n as MethodNum, Params: new Uint8Array(0)
}

describe('MsgMeta (Lotus computeMsgMeta, v0 AMTs)', () => {
  it('no messages gives the MsgMeta CID every empty Lotus block carries (forest empty_msg_meta_vector)', async () => {
    const store = new MemoryBlockstore()
    const root = await computeMsgMeta(store, [], [])
    assert.equal(root.toString(), 'bafy2bzacecmda75ovposbdateg7eyhwij65zklgyijgcjwynlklmqazpwlhba')
    // The v0 AMT root has no bit width: [height, count, node].
    const meta = dagCbor.decode<[unknown, unknown]>(await getBlock(store, root))
    assert.deepEqual(dagCbor.decode(await getBlock(store, meta[0] as never)), [0, 0, [new Uint8Array([0]), [], []]])
  })

  it('one BLS and one secp message (forest compute_msg_meta_given_msgs_test)', async () => {
    const store = new MemoryBlockstore()
    const signed = { Message: forestMessage, Signature: { type: 1 as const, data: new Uint8Array([0]) } }
    const root = await computeMsgMeta(store, [messageCid(forestMessage)], [signedMessageCid(signed)])
    assert.equal(root.toString(), 'bafy2bzaceasssikoiintnok7f3sgnekfifarzobyr3r4f25sgxmn23q4c35ic')
    const back = await readMsgMeta(store, root)
    assert.deepEqual(back.bls.map(String), [messageCid(forestMessage).toString()])
    assert.deepEqual(back.secpk.map(String), [signedMessageCid(signed).toString()])
  })

  it('v0 AMTs past one node round-trip and only reachable blocks are stored', async () => {
    const store = new MemoryBlockstore()
    const cids = Array.from({ length: 100 }, (_, i) => fakeCid(`m${i}`))
    const root = await putAmt0(store, cids)
    assert.deepEqual((await readAmt0Cids(store, root, 'test')).map(String), cids.map(String))
    // 100 entries at width 8: 13 leaves, 2 + 1 internal nodes, the root. No scratch v3 root.
    assert.equal(store.size, 13 + 2 + 1)
  })

  it('rejects a root that is not a v0 AMT', async () => {
    const store = new MemoryBlockstore()
    const v3 = await computeMsgMeta(store, [], []) // a MsgMeta is a 2-element array, not an AMT root
    await assert.rejects(readAmt0Cids(store, v3, 'MsgMeta.BlsMessages'), /MsgMeta\.BlsMessages/)
  })
})

// Vectors: filecoin-project/lotus chain/types/blockmsg_test.go TestDecodeBlockMsg.
describe('BlockMsg (lotus chain/types/blockmsg_test.go)', () => {
  it('decodes a valid empty BlockMsg and re-encodes it identically', () => {
    const bytes = new Uint8Array([0x83, 0xf6, 0x80, 0x80])
    const bm = decodeBlockMsg(bytes)
    assert.deepEqual(bm, { Header: null, BlsMessages: [], SecpkMessages: [] })
    assert.deepEqual(serializeBlockMsg(bm), bytes)
  })

  it('rejects extra data at the end and truncated CBOR', () => {
    assert.throws(() => decodeBlockMsg(new Uint8Array([0x83, 0xf6, 0x80, 0x80, 0x20])), { code: 'ERR_INVALID_CBOR' })
    assert.throws(() => decodeBlockMsg(new Uint8Array([0x83, 0xf6, 0x80])), { code: 'ERR_INVALID_CBOR' })
  })
})
