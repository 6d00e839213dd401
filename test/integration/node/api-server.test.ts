// The node API server in-process: secret and token files as Lotus writes them, the api file
// with the bound port, /rpc/v0 and /rpc/v1 side by side, Closing, and a clean close.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CommonContract, FullAPIVersion1, MinerAPIVersion0, defineContract, lj, method } from '../../../src/api/index.js'
import { verifyToken } from '../../../src/auth/index.js'
import { LogRegistry } from '../../../src/log/index.js'
import { createNodeMetrics } from '../../../src/metrics/index.js'
import { loadApiSecret, rpcEndpoint, startApiServer } from '../../../src/node/api-server.js'
import { createCommonService } from '../../../src/node/common/index.js'
import { FsRepo, type LockedRepo } from '../../../src/repo/index.js'
import { createRpcClient } from '../../../src/rpc/index.js'

const ExtraContract = defineContract({
  ChainHeight: method({ name: 'Filecoin.ChainHeight', perm: 'read', summary: 'test', params: [], result: lj.int })
})

async function withRepo (fn: (lr: LockedRepo<'StorageMiner'>, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-api-'))
  const repo = new FsRepo('StorageMiner', join(dir, 'repo'))
  repo.init()
  const lr = repo.open()
  try {
    await fn(lr, dir)
  } finally {
    lr.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('node API server', () => {
  test('token is written only when the secret is first generated', async () => {
    await withRepo(async (lr) => {
      const first = await loadApiSecret(lr)
      assert.equal(first.generated, true)
      const token = readFileSync(join(lr.path, 'token'), 'utf8')
      assert.deepEqual(await verifyToken(first.secret, token), ['read', 'write', 'sign', 'admin'])
      unlinkSync(join(lr.path, 'token'))
      const second = await loadApiSecret(lr)
      assert.equal(second.generated, false)
      assert.deepEqual(second.secret, first.secret)
      assert.equal(existsSync(join(lr.path, 'token')), false)
    })
  })

  test('serves v0 and v1, Closing ends when the node begins closing, close removes the api file', async () => {
    await withRepo(async (lr) => {
      const { secret } = await loadApiSecret(lr)
      const token = readFileSync(join(lr.path, 'token'), 'utf8')
      let shutdowns = 0
      const common = createCommonService({
        secret, logs: new LogRegistry({ sink: { write: () => {} } }), apiVersion: MinerAPIVersion0, blockDelaySecs: 30, onShutdown: () => { shutdowns++ }
      })
      const v1 = { ...common.api, ChainHeight: async () => 42 }
      const server = await startApiServer({
        repo: lr,
        listenAddress: '/ip4/127.0.0.1/tcp/0/http',
        secret,
        endpoints: [
          rpcEndpoint('/rpc/v0', CommonContract, common.api),
          rpcEndpoint('/rpc/v1', { ...CommonContract, ...ExtraContract }, { ...v1, Version: async () => ({ ...await common.api.Version(), APIVersion: FullAPIVersion1 }) })
        ],
        metrics: createNodeMetrics({ defaultMetrics: false })
      })
      assert.equal(readFileSync(join(lr.path, 'api'), 'utf8'), server.multiaddr)
      const port = server.port
      const c0 = createRpcClient(CommonContract, { url: `ws://127.0.0.1:${port}/rpc/v0`, token })
      const c1 = createRpcClient(ExtraContract, { url: `http://127.0.0.1:${port}/rpc/v1`, token })
      try {
        assert.equal((await c0.Version()).APIVersion, MinerAPIVersion0)
        assert.equal(await c1.ChainHeight(), 42)
        assert.equal(await c0.Session(), await c0.Session())
        const minted = new TextDecoder().decode(await c0.AuthNew(['read']))
        assert.deepEqual(await c0.AuthVerify(minted), ['read'])
        const closing = await c0.Closing()
        const ended = (async () => { for await (const _ of closing) assert.fail('Closing carries no values') })()
        common.beginClosing()
        await ended
        await c0.Shutdown()
        await c0.Shutdown()
        await new Promise((resolve) => setImmediate(resolve))
        assert.equal(shutdowns, 1)
      } finally {
        await c0.close()
        await c1.close()
      }
      await server.close()
      await server.close()
      assert.equal(existsSync(join(lr.path, 'api')), false)
    })
  })

  test('a taken port or a bad listen address is reported with the config key', async () => {
    await withRepo(async (lr) => {
      const { secret } = await loadApiSecret(lr)
      const blocker = createServer()
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
      const taken = (blocker.address() as { port: number }).port
      try {
        await assert.rejects(startApiServer({ repo: lr, listenAddress: `/ip4/127.0.0.1/tcp/${taken}/http`, secret, endpoints: [] }),
          /^NelumboError: API.ListenAddress: could not listen on \/ip4\/127\.0\.0\.1\/tcp\/\d+\/http: .*EADDRINUSE/)
        await assert.rejects(startApiServer({ repo: lr, listenAddress: '127.0.0.1:2345', secret, endpoints: [] }),
          /API.ListenAddress: failed to parse multiaddr "127.0.0.1:2345"/)
      } finally {
        await new Promise((resolve) => blocker.close(resolve))
      }
      assert.equal(existsSync(join(lr.path, 'api')), false)
    })
  })
})
