import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Connection, Stream } from '@libp2p/interface'
import { streamPair } from '@libp2p/utils'
import { newIdAddress } from '../../../src/core/address/index.js'
import { encodeCbor } from '../../../src/core/cbor/index.js'
import { SigType } from '../../../src/core/crypto/index.js'
import type { PaddedPieceSize } from '../../../src/core/piece/index.js'
import { tokenAmount, type ChainEpoch } from '../../../src/core/types.js'
import { LogRegistry } from '../../../src/log/index.js'
import { ASK_PROTOCOL, askResponseCbor, queryAskOverStream, readCborMessage, type SignedStorageAsk } from '../../../src/protocols/index.js'
import { askStreamHandler } from '../../../src/markets/network/ask-protocol.js'
import '../../../src/node/common/polyfills.js'

const MINER = newIdAddress(1000)
const OTHER = newIdAddress(1001)
const connection = { remotePeer: { toString: () => 'peer' } } as unknown as Connection

const signed: SignedStorageAsk = {
  Ask: {
    Price: tokenAmount(123n),
    VerifiedPrice: tokenAmount(45n),
    MinPieceSize: 256 as PaddedPieceSize,
    MaxPieceSize: 2048 as PaddedPieceSize,
    Miner: MINER,
    Timestamp: 10 as ChainEpoch,
    Expiry: 20 as ChainEpoch,
    SeqNo: 4
  },
  Signature: { type: SigType.Secp256k1, data: new Uint8Array(65).fill(2) }
}

/** A handler whose warnings are collected as parsed JSON lines. */
function handler (get: () => SignedStorageAsk | undefined = () => signed): { handle: (s: Stream, c: Connection) => Promise<void>, warnings: Array<Record<string, unknown>> } {
  const warnings: Array<Record<string, unknown>> = []
  const logs = new LogRegistry({ levels: 'warn', sink: { write: (line: string) => { warnings.push(JSON.parse(line) as Record<string, unknown>) } } })
  return { handle: askStreamHandler({ miner: MINER, get }, logs.logger('markets')), warnings }
}

describe('storage ask protocol', () => {
  test('protocol id', () => {
    assert.equal(ASK_PROTOCOL, '/fil/storage/ask/1.1.0')
  })

  test('the miner served gets the signed ask', async () => {
    const h = handler()
    const [client, server] = await streamPair()
    const served = h.handle(server, connection)
    const ask = await queryAskOverStream(client, MINER)
    await served
    assert.ok(ask !== null)
    assert.equal(Buffer.compare(encodeCbor(askResponseCbor, { Ask: ask }), encodeCbor(askResponseCbor, { Ask: signed })), 0)
    assert.equal(ask.Ask.Price, 123n)
    assert.equal(ask.Ask.SeqNo, 4)
    assert.ok(ask.Ask.Miner.equals(MINER))
    assert.deepEqual(h.warnings, [])
  })

  test('another miner gets null, and the request is logged', async () => {
    const h = handler()
    const [client, server] = await streamPair()
    const served = h.handle(server, connection)
    assert.equal(await queryAskOverStream(client, OTHER), null)
    await served
    assert.equal(h.warnings.length, 1)
    assert.equal(h.warnings[0]!.msg, 'storage ask requested for a miner this node does not serve')
    assert.equal(h.warnings[0]!.miner, 't01001')
    assert.equal(h.warnings[0]!.serving, 't01000')
  })

  test('before an ask exists the miner served gets null', async () => {
    const h = handler(() => undefined)
    const [client, server] = await streamPair()
    const served = h.handle(server, connection)
    assert.equal(await queryAskOverStream(client, MINER), null)
    await served
  })

  test('the answer is exactly one AskResponse', async () => {
    const h = handler()
    const [client, server] = await streamPair()
    const served = h.handle(server, connection)
    client.send(Uint8Array.of(0xa1, 0x65, 0x4d, 0x69, 0x6e, 0x65, 0x72, 0x43, 0x00, 0xe8, 0x07))
    const raw = await readCborMessage(client, { maxBytes: 1024, timeoutMs: 2000, what: 'response' })
    assert.equal(Buffer.compare(raw, encodeCbor(askResponseCbor, { Ask: signed })), 0)
    await served
    await client.close()
  })

  for (const [name, bytes, why] of [
    ['garbage (0xff)', [0xff], /unsupported CBOR head 0xff/],
    ['a request with an unknown field', [0xa1, 0x61, 0x58, 0x01], /unknown field "X" in AskRequest/],
    ['a request that is not a map', [0x01], /AskRequest from peer/]
  ] as const) {
    test(`${name}: the handler aborts the stream without answering`, async () => {
      const h = handler()
      const [client, server] = await streamPair()
      const served = h.handle(server, connection)
      client.send(Uint8Array.from(bytes))
      await assert.rejects(readCborMessage(client, { maxBytes: 1024, timeoutMs: 2000, what: 'response' }), (err: Error) => {
        assert.doesNotMatch(err.message, /no complete message/, 'reset, not a timeout')
        assert.equal(err.name, 'StreamResetError')
        return true
      })
      await served
      assert.equal(server.status, 'aborted')
      assert.equal(h.warnings.length, 1)
      assert.equal(h.warnings[0]!.msg, 'storage ask request failed')
      assert.match(String(h.warnings[0]!.err), why)
    })
  }

  test('a client that closes before a whole request is not answered', async () => {
    const h = handler()
    const [client, server] = await streamPair()
    const served = h.handle(server, connection)
    client.send(Uint8Array.of(0xa1, 0x65))
    await client.close()
    await served
    assert.equal(server.status, 'aborted')
    assert.match(String(h.warnings[0]!.err), /AskRequest from peer: stream ended after 2 bytes/)
  })
})
