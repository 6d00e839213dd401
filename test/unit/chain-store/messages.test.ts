import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { newIdAddress } from '../../../src/core/address/index.js'
import { messageCid, signedMessageCid, type Message, type SignedMessage } from '../../../src/core/message/index.js'
import type { ChainEpoch, MethodNum, TokenAmount } from '../../../src/core/types.js'
import { ChainStore } from '../../../src/chain/store/index.js'
import { computeMsgMeta, TipSet } from '../../../src/chain/types/index.js'
import { MemoryBlockstore } from '../../../src/core/ipld/index.js'
import { makeHeader } from '../chain-types/fixtures.js'
import { child, EMPTY_MSGMETA, genesis, tempDir } from './helpers.js'

const { dir, cleanup } = tempDir()
after(cleanup)

const msg = (from: number, nonce: number): Message => ({
  Version: 0, To: newIdAddress(99), From: newIdAddress(from), Nonce: BigInt(nonce), Value: 1n as TokenAmount,
  GasLimit: 1000n, GasFeeCap: 1n as TokenAmount, GasPremium: 1n as TokenAmount, Method: 0n as MethodNum, Params: new Uint8Array(0)
})
const secp = (m: Message): SignedMessage => ({ Message: m, Signature: { type: 1, data: new Uint8Array(65).fill(7) } })
const bls = (m: Message): SignedMessage => ({ Message: m, Signature: { type: 2, data: new Uint8Array(96).fill(9) } })

async function msgMetaFor (blsMsgs: Message[], secpMsgs: SignedMessage[]): Promise<import('../../../src/core/cid.js').CID> {
  return await computeMsgMeta(new MemoryBlockstore(), blsMsgs.map(messageCid), secpMsgs.map(signedMessageCid))
}

describe('ChainStore messages', () => {
  it('stores a full block, checks its MsgMeta, and reads the messages back', async () => {
    const cs = await ChainStore.open(join(dir, 'a.sqlite'))
    const blsMsgs = [msg(1, 0), msg(1, 1)]
    const secpMsgs = [secp(msg(2, 0))]
    const header = makeHeader({ Messages: await msgMetaFor(blsMsgs, secpMsgs) })
    const cid = await cs.putFullBlock({ Header: header, BlsMessages: blsMsgs, SecpkMessages: secpMsgs })
    assert.deepEqual(await cs.getBlockHeader(cid), header)
    const bm = await cs.getBlockMessages(header)
    assert.deepEqual(bm.bls, blsMsgs)
    assert.deepEqual(bm.secpk, secpMsgs)
    const got = await cs.getMessage(signedMessageCid(secpMsgs[0]!))
    assert.deepEqual(got.signed, secpMsgs[0])
    const unsigned = await cs.getMessage(messageCid(blsMsgs[0]!))
    assert.equal(unsigned.signed, null)
    assert.deepEqual(unsigned.message, blsMsgs[0])
    // A BLS-signed message is stored under its unsigned CID.
    assert.equal((await cs.putMessage(bls(msg(3, 0)))).toString(), messageCid(msg(3, 0)).toString())

    const wrong = makeHeader({ Messages: await msgMetaFor([], []) })
    await assert.rejects(cs.putFullBlock({ Header: wrong, BlsMessages: blsMsgs, SecpkMessages: [] }), { code: 'ERR_MSGMETA_MISMATCH' })
    cs.close()
  })

  it('selects a tipset\'s messages by sender nonce (duplicates across blocks dropped) and finds where one executed', async () => {
    const cs = await ChainStore.open(join(dir, 'b.sqlite'))
    const g = genesis()
    await cs.putTipSet(g)
    assert.equal((await cs.putBlockMessages([], [])).toString(), EMPTY_MSGMETA.toString())
    const shared = secp(msg(5, 0))
    const blockA = { bls: [msg(1, 0)], secp: [shared] }
    const blockB = { bls: [msg(1, 0), msg(1, 1)], secp: [shared, secp(msg(5, 2))] } // 5/2 skips a nonce
    const headers = []
    for (const [i, b] of [blockA, blockB].entries()) {
      const Messages = await cs.putBlockMessages(b.bls, b.secp)
      headers.push(makeHeader({
        Height: 1 as ChainEpoch, Parents: [...g.cids], Messages, Ticket: { VRFProof: new Uint8Array([i]) }
      }))
    }
    const t1 = TipSet.create(headers)
    await cs.putTipSet(t1)
    const selected = await cs.messagesForTipset(t1)
    const order = selected.map((m) => `${m.message.From.toString()}/${m.message.Nonce}`)
    // Per block in tipset order: BLS then secp; each sender's nonces must run on.
    const first = t1.blocks[0]!.Messages.equals(headers[0]!.Messages) ? 'A' : 'B'
    assert.deepEqual(order, first === 'A' ? ['t01/0', 't05/0', 't01/1'] : ['t01/0', 't01/1', 't05/0'])

    const t2 = child(t1, 2)
    await cs.putTipSet(t2)
    await cs.setHead(t2)
    const target = messageCid(msg(1, 1))
    const found = await cs.searchMessage(target)
    assert.ok(found !== undefined)
    assert.ok(found.tipset.equals(t2) && found.included.equals(t1))
    assert.equal(found.index, order.indexOf('t01/1'))
    assert.equal(found.receiptsRoot.toString(), t2.parentMessageReceipts.toString())
    assert.equal(await cs.searchMessage(messageCid(msg(5, 2))), undefined, 'never executed (nonce gap)')
    assert.equal(await cs.searchMessage(target, { limit: 0 }), undefined, 'outside the lookback')
    cs.close()
  })
})
