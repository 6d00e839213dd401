import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { defineContract, lj, method, type ApiOf } from '../../../src/api/index.js'
import { HttpRouter, createRpcClient, createRpcHandler } from '../../../src/rpc/index.js'

// go-jsonrpc cancels a call's context when the call returns; work scoped to a call (such as a
// sector lock taken over RPC) must see its signal end then, on both transports.
const Contract = defineContract({
  Hold: method({ name: 'Filecoin.Hold', perm: 'read', summary: 'test', params: [], result: lj.none })
})

test('a call signal is aborted once the call has returned, over HTTP and WebSocket', async () => {
  const seen: AbortSignal[] = []
  const impl: ApiOf<typeof Contract> = {
    Hold: async (opts) => {
      assert.ok(opts?.signal)
      assert.equal(opts.signal.aborted, false)
      seen.push(opts.signal)
    }
  }
  const server = createServer()
  new HttpRouter().attach(server).mount('/rpc/v0', createRpcHandler(Contract, impl, { authorize: async () => ['read'] }))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  try {
    for (const url of [`http://127.0.0.1:${port}/rpc/v0`, `ws://127.0.0.1:${port}/rpc/v0`]) {
      const client = createRpcClient(Contract, { url })
      try {
        await client.Hold()
      } finally {
        client.close()
      }
      const signal = seen.at(-1)
      assert.ok(signal)
      assert.equal(signal.aborted, true, url)
    }
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})
