import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { type ApiOf, channel, defineContract, lj, method } from '../../../src/api/index.js'
import { InvalidInputError, NelumboError } from '../../../src/core/errors.js'
import { createDispatch } from '../../../src/rpc/dispatch.js'
import { toErrorObject } from '../../../src/rpc/errors.js'
import { AsyncQueue } from '../../../src/rpc/async-queue.js'
import { HttpRouter } from '../../../src/rpc/router.js'

class OutOfGasError extends NelumboError {
  constructor () { super('ERR_OUT_OF_GAS', 'call ran out of gas') }
}

const Contract = defineContract({
  Sum: method({ name: 'Filecoin.Sum', perm: 'write', summary: 's', params: [lj.array(lj.int)], result: lj.int }),
  Gas: method({ name: 'Filecoin.Gas', perm: 'read', summary: 'g', params: [], result: lj.none }),
  Feed: channel({ name: 'Filecoin.Feed', perm: 'read', summary: 'f', params: [], result: lj.int }),
  Missing: method({ name: 'Filecoin.Missing', perm: 'read', summary: 'm', params: [], result: lj.none }),
  Discover: method({ name: 'Filecoin.Discover', perm: 'read', summary: 'd', params: [], result: lj.raw })
})

const impl = {
  Sum: async (xs: number[]) => xs.reduce((a, b) => a + b, 0),
  Gas: async () => { throw new OutOfGasError() },
  Feed: async () => (async function * () { yield 1 })(),
  Discover: async () => ({ openrpc: '1.2.6' })
} as unknown as ApiOf<typeof Contract>

const dispatch = createDispatch(Contract, impl, [{ type: OutOfGasError, code: 2 }])
const ctx = (perms: string[], channels = false): Parameters<typeof dispatch>[1] => ({ perms, channels, signal: new AbortController().signal })

describe('dispatch', () => {
  test('params decode before the permission check, as in Lotus', async () => {
    assert.deepEqual(await dispatch({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Sum', params: [[1, 'x']] }, ctx(['read'])), {
      kind: 'error',
      error: { code: -32700, message: "unmarshaling params for 'Filecoin.Sum' (param: 0): params[0][1]: expected an integer, got \"x\"" }
    })
    assert.deepEqual(await dispatch({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Sum', params: [[1, 2]] }, ctx(['read'])), {
      kind: 'error', error: { code: 1, message: "missing permission to invoke 'Sum' (need 'write')" }
    })
    assert.deepEqual(await dispatch({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Sum', params: [[1, 2]] }, ctx(['write'])), { kind: 'result', result: 3 })
  })

  test('registered error classes get their code; missing methods are panics; rpc.discover aliases Discover', async () => {
    const gas = await dispatch({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Gas' }, ctx(['read']))
    assert.deepEqual(gas, { kind: 'error', error: { code: 2, message: 'call ran out of gas', meta: { code: 'ERR_OUT_OF_GAS' } } })
    const missing = await dispatch({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Missing' }, ctx(['read']))
    assert.equal(missing.kind === 'error' && missing.error.code, 0)
    assert.deepEqual(await dispatch({ jsonrpc: '2.0', id: 1, method: 'rpc.discover', params: [] }, ctx(['read'])),
      { kind: 'result', result: { openrpc: '1.2.6' } })
  })

  test('channels need a channel-capable transport', async () => {
    const http = await dispatch({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Feed' }, ctx(['read']))
    assert.equal(http.kind === 'error' && http.error.code, -32601)
    const ws = await dispatch({ jsonrpc: '2.0', id: 1, method: 'Filecoin.Feed' }, ctx(['read'], true))
    assert.equal(ws.kind, 'channel')
  })

  test('the error table: named errors keep their name in meta; bugs are code 0', () => {
    assert.deepEqual(toErrorObject(new InvalidInputError('ERR_X', 'bad', { source: 'params[0]' }), 'Filecoin.A', []),
      { code: 1, message: 'params[0]: bad', meta: { code: 'ERR_X' } })
    assert.deepEqual(toErrorObject(new Error('plain'), 'Filecoin.A', []), { code: 1, message: 'plain' })
    assert.deepEqual(toErrorObject(new TypeError('x is undefined'), 'Filecoin.A', []),
      { code: 0, message: "fatal error calling 'Filecoin.A': panic in rpc method 'Filecoin.A': x is undefined" })
    assert.deepEqual(toErrorObject('weird', 'Filecoin.A', []), { code: 1, message: 'weird' })
  })
})

describe('AsyncQueue', () => {
  test('buffers, ends, fails and cancels once', async () => {
    let cancels = 0
    const q = new AsyncQueue<number>(() => { cancels++ })
    q.push(1)
    const pending = q.next()
    assert.deepEqual(await pending, { value: 1, done: false })
    const waiting = q.next()
    q.push(2)
    assert.deepEqual(await waiting, { value: 2, done: false })
    await q.return()
    await q.return()
    assert.equal(cancels, 1)
    assert.deepEqual(await q.next(), { value: undefined, done: true })

    const failing = new AsyncQueue<number>()
    failing.push(5)
    failing.end(new Error('dropped'))
    assert.deepEqual(await failing.next(), { value: 5, done: false })
    await assert.rejects(failing.next(), /dropped/)
  })
})

describe('HttpRouter', () => {
  test('exact paths beat prefixes; longest prefix wins; query strings are ignored', () => {
    const a = { handleRequest: () => {} }
    const b = { handleRequest: () => {} }
    const c = { handleRequest: () => {} }
    const router = new HttpRouter().mount('/rpc/v0', a).mount('/remote', b, { prefix: true }).mount('/remote/stat', c, { prefix: true })
    assert.equal(router.find('/rpc/v0?token=x'), a)
    assert.equal(router.find('/rpc/v0/x'), undefined)
    assert.equal(router.find('/remote/sealed/s-t01000-1'), b)
    assert.equal(router.find('/remote/stat/abc'), c)
    assert.equal(router.find('/remote'), b)
    assert.equal(router.find('/remotex'), undefined)
  })
})
