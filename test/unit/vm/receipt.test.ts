import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import { parseCid } from '../../../src/core/cid.js'
import { messageReceiptCbor, messageReceiptJson, exitCodeName, ExitCode } from '../../../src/chain/vm/index.js'

// The CID used in lotus chain/types/message_receipt_test.go.
const events = parseCid('bafy2bzacecu7n7wbtogznrtuuvf73dsz7wasgyneqasksdblxupnyovmtwxxu')

test('receipts are written as Lotus v1 4-tuples and v0 3-tuples still read', () => {
  const r = { ExitCode: 0, Return: Uint8Array.of(0, 1, 2, 4), GasUsed: 42n, EventsRoot: null }
  const bytes = encodeCbor(messageReceiptCbor, r)
  assert.equal(Buffer.from(bytes).toString('hex'), '8400440001020418' + '2a' + 'f6')
  assert.deepEqual(decodeCbor(messageReceiptCbor, bytes), r)
  // v0: 83 00 44 00010204 18 2a
  assert.deepEqual(decodeCbor(messageReceiptCbor, Buffer.from('830044000102041' + '82a', 'hex')), r)
  const withEvents = { ...r, ExitCode: 16, EventsRoot: events }
  assert.ok(decodeCbor(messageReceiptCbor, encodeCbor(messageReceiptCbor, withEvents)).EventsRoot!.equals(events))
  assert.throws(() => decodeCbor(messageReceiptCbor, Uint8Array.of(0x82, 0x00, 0x40)), /3 \(v0\) or 4 \(v1\)/)
})

test('receipt Lotus JSON', () => {
  const json = messageReceiptJson.toJson({ ExitCode: 7, Return: new Uint8Array(0), GasUsed: 5n, EventsRoot: events })
  assert.deepEqual(json, { ExitCode: 7, Return: null, GasUsed: 5, EventsRoot: { '/': events.toString() } })
  assert.deepEqual(messageReceiptJson.fromJson(json, 'r').GasUsed, 5n)
  assert.equal(exitCodeName(ExitCode.SysErrOutOfGas), 'SysErrOutOfGas(7)')
  assert.equal(exitCodeName(ExitCode.ErrAssertionFailed), 'ErrAssertionFailed(24)')
  assert.equal(exitCodeName(33), 'ExitCode(33)')
})
