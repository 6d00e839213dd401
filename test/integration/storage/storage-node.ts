// A miner's storage side on 127.0.0.1:0 for tests: sector index, local paths, the storage API
// on /rpc/v0 and /remote, all behind a JWT, as the lotus-miner composition root will wire them.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { StorageContract, type StorageApi } from '../../../src/api/sector-index.js'
import { createToken, createTokenVerifier, generateJwtSecret } from '../../../src/auth/index.js'
import { type StorageConfig, readStorageConfig, writeStorageConfig } from '../../../src/repo/storage-config.js'
import { HttpRouter, type RpcClient, type RpcHandler, createRpcClient, createRpcHandler } from '../../../src/rpc/index.js'
import {
  LocalStore, RemoteStore, SectorIndex, callScopedLocks, createStorageApi, remoteHandler
} from '../../../src/storage/index.js'

export interface StorageNode {
  dir: string
  url: string
  remoteUrl: string
  index: SectorIndex
  local: LocalStore
  api: StorageApi
  adminToken: string
  readToken: string
  client: () => RpcClient<typeof StorageContract>
  close: () => Promise<void>
}

export function fileConfig (dir: string): { storage: () => StorageConfig, setStorage: (m: (c: StorageConfig) => void) => void } {
  const file = join(dir, 'storage.json')
  const read = (): StorageConfig => existsSync(file) ? readStorageConfig(file) : { StoragePaths: null }
  return {
    storage: read,
    setStorage: (m) => {
      const cfg = read()
      m(cfg)
      writeStorageConfig(file, cfg)
    }
  }
}

export async function startStorageNode (): Promise<StorageNode> {
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-storage-node-'))
  mkdirSync(dir, { recursive: true })
  const secret = generateJwtSecret()
  const authorize = createTokenVerifier(secret)
  const router = new HttpRouter()
  const server: Server = createServer()
  router.attach(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const remoteUrl = `${url}/remote`

  const index = new SectorIndex()
  const local = await LocalStore.open({ index, config: fileConfig(dir) }, { urls: [remoteUrl], heartbeatIntervalMs: 0 })
  const adminToken = await createToken(secret, ['read', 'write', 'sign', 'admin'])
  const remote = new RemoteStore({ index, local }, { token: adminToken })
  const api = createStorageApi({ index, local, remote })
  const rpc: RpcHandler = createRpcHandler(StorageContract, callScopedLocks(api), { authorize })
  router.mount('/rpc/v0', rpc)
  router.mount('/remote', remoteHandler({ local, authorize }), { prefix: true })

  const clients: Array<RpcClient<typeof StorageContract>> = []
  return {
    dir,
    url,
    remoteUrl,
    index,
    local,
    api,
    adminToken,
    readToken: await createToken(secret, ['read']),
    client: () => {
      const c = createRpcClient(StorageContract, { url: `${url}/rpc/v0`, token: adminToken })
      clients.push(c)
      return c
    },
    close: async () => {
      for (const c of clients) await c.close()
      local.close()
      await rpc.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => { resolve() }))
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
