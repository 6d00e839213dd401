import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { type CommonApi, CommonContract, MinerAPIVersion0, type Permission, AllPermissions } from '../../../src/api/index.js'
import { createToken, generateJwtSecret, permissionsUpTo, verifyToken } from '../../../src/auth/index.js'
import { RpcError, createRpcClient } from '../../../src/rpc/index.js'
import { STUB_SESSION, STUB_START, type RunningTestServer, startRpcTestServer } from '../../kit/rpc-test-server.js'

// Every Common method through the real transport against the stub implementation. Typed as a
// Record over the contract's keys, so adding a method without a case fails to compile.

interface Env { server: RunningTestServer, shutdowns: number, transport: 'http' | 'ws' }
interface Case {
  call: (api: CommonApi, env: Env) => Promise<unknown>
  check: (result: unknown, env: Env) => void | Promise<void>
}

const secret = generateJwtSecret()

const cases: Record<keyof typeof CommonContract, Case> = {
  AuthVerify: {
    call: async (api) => await api.AuthVerify(await createToken(secret, ['read', 'sign'])),
    check: (r) => { assert.deepEqual(r, ['read', 'sign']) }
  },
  AuthNew: {
    call: async (api) => await api.AuthNew(['read', 'write']),
    check: async (r) => {
      assert.ok(r instanceof Uint8Array)
      assert.deepEqual(await verifyToken(secret, new TextDecoder().decode(r)), ['read', 'write'])
    }
  },
  LogList: { call: async (api) => await api.LogList(), check: (r) => { assert.deepEqual(r, ['rpc', 'chain']) } },
  LogSetLevel: {
    call: async (api) => {
      await assert.rejects(api.LogSetLevel('nope', 'debug'), /unknown logger 'nope'/)
      return await api.LogSetLevel('rpc', 'debug')
    },
    check: (r) => { assert.equal(r, undefined) }
  },
  LogAlerts: {
    call: async (api) => await api.LogAlerts(),
    check: (r) => {
      assert.deepEqual(r, [{
        Type: { System: 'rpc', Subsystem: 'test' },
        Active: true,
        LastActive: { Type: 'raised', Message: { why: 'test' }, Time: STUB_START },
        LastResolved: null
      }])
    }
  },
  Version: {
    call: async (api) => await api.Version(),
    check: (r) => { assert.deepEqual(r, { Version: '1.20.0+nelumbo+test', APIVersion: MinerAPIVersion0, BlockDelay: 30 }) }
  },
  Discover: {
    call: async (api) => await api.Discover(),
    check: (r) => { assert.equal((r as { openrpc: string }).openrpc, '1.2.6') }
  },
  Shutdown: {
    call: async (api, env) => {
      const before = env.shutdowns
      await api.Shutdown()
      await new Promise((resolve) => setImmediate(resolve))
      return env.shutdowns - before
    },
    check: (r) => { assert.equal(r, 1) }
  },
  StartTime: { call: async (api) => await api.StartTime(), check: (r) => { assert.deepEqual(r, STUB_START) } },
  Session: { call: async (api) => await api.Session(), check: (r) => { assert.equal(r, STUB_SESSION) } },
  Closing: {
    call: async (api, env) => {
      if (env.transport === 'http') {
        await assert.rejects(api.Closing(), /WebSocket/)
        return []
      }
      const closing = await api.Closing()
      env.server.signalClosing()
      const values: unknown[] = []
      for await (const v of closing) values.push(v)
      return values
    },
    check: (r) => { assert.deepEqual(r, []) }
  }
}

for (const transport of ['http', 'ws'] as const) {
  describe(`Common over ${transport}`, () => {
    const env = { shutdowns: 0, transport } as Env
    const clients: Array<{ close: () => Promise<void> }> = []
    let url = ''
    before(async () => {
      env.server = await startRpcTestServer(secret, 0, () => { env.shutdowns++ })
      url = `${env.server.url.replace('http:', transport === 'ws' ? 'ws:' : 'http:')}/rpc/v0`
    })
    after(async () => {
      for (const c of clients) await c.close()
      await env.server.close()
    })

    for (const [name, c] of Object.entries(cases)) {
      test(`${name} round-trips`, async () => {
        const api = createRpcClient(CommonContract, { url, token: await createToken(secret, permissionsUpTo('admin')) })
        clients.push(api)
        await c.check(await c.call(api, env), env)
      })
    }

    test('each method is refused to a token lacking its permission', async () => {
      for (const [name, def] of Object.entries(CommonContract)) {
        if (def.channel && transport === 'http') continue
        const others = AllPermissions.filter((p): p is Permission => p !== def.perm)
        const api = createRpcClient(CommonContract, { url, token: await createToken(secret, others) })
        clients.push(api)
        const call = (api[name as keyof CommonApi] as (...a: unknown[]) => Promise<unknown>)(
          ...(name === 'AuthVerify' ? ['x'] : name === 'AuthNew' ? [['read']] : name === 'LogSetLevel' ? ['rpc', 'info'] : []))
        await assert.rejects(call, (err: unknown) => err instanceof RpcError &&
          err.message === `missing permission to invoke '${name}' (need '${def.perm}')`, name)
      }
    })
  })
}
