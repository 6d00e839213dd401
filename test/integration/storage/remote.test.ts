// The /remote endpoint over real HTTP: auth, file and cache-folder fetch, range reads, stat,
// allocated checks and delete; and a markets-side RemoteStore reading through the RPC index.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SectorFileType, sectorId } from '../../../src/core/sector/index.js'
import { RemoteStore, initStoragePath } from '../../../src/storage/index.js'
import { type StorageNode, startStorageNode } from './storage-node.js'

const { Unsealed, Sealed, Cache } = SectorFileType
const S = sectorId(1000, 5)
const unsealed = Buffer.from(Array.from({ length: 8192 }, (_, i) => i % 251))

describe('/remote', () => {
  let node: StorageNode
  let id: string
  let path: string
  const scratch = mkdtempSync(join(tmpdir(), 'nelumbo-remote-client-'))

  before(async () => {
    node = await startStorageNode()
    path = join(node.dir, 'store')
    id = initStoragePath(path, { seal: true, store: true }).ID
    mkdirSync(join(path, 'unsealed'), { recursive: true })
    mkdirSync(join(path, 'cache', 's-t01000-5'), { recursive: true })
    writeFileSync(join(path, 'unsealed', 's-t01000-5'), unsealed)
    writeFileSync(join(path, 'sealed-x'), 'not in the layout')
    writeFileSync(join(path, 'cache', 's-t01000-5', 'p_aux'), Buffer.alloc(700, 7))
    writeFileSync(join(path, 'cache', 's-t01000-5', 't_aux'), 'tree')
    await node.api.StorageAddLocal(path)
  })
  after(async () => {
    await node.close()
    rmSync(scratch, { recursive: true, force: true })
  })

  const get = async (p: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> =>
    await fetch(`${node.remoteUrl}${p}`, { method, headers })
  const admin = (): Record<string, string> => ({ Authorization: `Bearer ${node.adminToken}` })

  test('refuses callers without an admin token', async () => {
    const none = await get('/unsealed/s-t01000-5')
    assert.equal(none.status, 401)
    assert.deepEqual(await none.json(), { Error: 'unauthorized: missing write permission' })
    const read = await get('/unsealed/s-t01000-5', { Authorization: `Bearer ${node.readToken}` })
    assert.equal(read.status, 401)
    await read.body?.cancel()
    const bad = await get('/unsealed/s-t01000-5', { Authorization: 'Bearer nonsense' })
    assert.equal(bad.status, 401)
    assert.equal(await bad.text(), '')
    const notBearer = await get('/unsealed/s-t01000-5', { Authorization: node.adminToken })
    assert.equal(notBearer.status, 401)
    await notBearer.body?.cancel()
    // The token may come as a query parameter too (go-jsonrpc auth.Handler).
    const q = await fetch(`${node.remoteUrl}/stat/${id}?token=${node.adminToken}`)
    assert.equal(q.status, 200)
    await q.body?.cancel()
  })

  test('serves a file whole and by range', async () => {
    const whole = await get('/unsealed/s-t01000-5', admin())
    assert.equal(whole.status, 200)
    assert.equal(whole.headers.get('content-type'), 'application/octet-stream')
    assert.deepEqual(Buffer.from(await whole.arrayBuffer()), unsealed)
    const part = await get('/unsealed/s-t01000-5', { ...admin(), Range: 'bytes=1000-1999' })
    assert.equal(part.status, 206)
    assert.equal(part.headers.get('content-range'), 'bytes 1000-1999/8192')
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), unsealed.subarray(1000, 2000))
    const past = await get('/unsealed/s-t01000-5', { ...admin(), Range: 'bytes=9000-9999' })
    assert.equal(past.status, 416)
    await past.body?.cancel()
  })

  test('sends a cache folder as tar; RemoteStore extracts it', async () => {
    const res = await get('/cache/s-t01000-5', admin())
    assert.equal(res.headers.get('content-type'), 'application/x-tar')
    await res.body?.cancel()
    const remote = new RemoteStore({ index: node.index }, { token: node.adminToken })
    const dest = join(scratch, 'cache', 's-t01000-5')
    await remote.fetchSector(S, Cache, dest)
    assert.deepEqual(readdirSync(dest).sort(), ['p_aux', 't_aux'])
    assert.deepEqual(readFileSync(join(dest, 'p_aux')), Buffer.alloc(700, 7))
    assert.equal(readFileSync(join(dest, 't_aux'), 'utf8'), 'tree')
    const dir = await get('/cache/s-t01000-5', { ...admin(), Range: 'bytes=0-1' })
    assert.equal(dir.status, 500)
    await dir.body?.cancel()
  })

  test('stat, allocated, bad names, missing files', async () => {
    const st = await get(`/stat/${id}`, admin())
    assert.equal(st.status, 200)
    const body = await st.json() as Record<string, unknown>
    assert.deepEqual(Object.keys(body), ['Capacity', 'Available', 'FSAvailable', 'Reserved', 'Max', 'Used'])
    assert.equal((await get('/stat/no-such-path', admin())).status, 404)
    assert.equal((await get('/unsealed/s-t01000-5/5/allocated/0/1016', admin())).status, 200)
    assert.equal((await get('/unsealed/s-t01000-5/5/allocated/0/16256', admin())).status, 416)
    assert.equal((await get('/sealed/s-t01000-5/5/allocated/0/127', admin())).status, 500)
    const badName = await get('/sealed/sector-5', admin())
    assert.equal(badName.status, 400)
    assert.match(await badName.text(), /'sector-5' is not a sector file name/)
    const badType = await get('/sealedx/s-t01000-5', admin())
    assert.equal(badType.status, 400)
    assert.match(await badType.text(), /unknown sector file type 'sealedx'/)
    assert.equal((await get('/sealed/s-t01000-5', admin())).status, 404)
  })

  test('a markets-side RemoteStore reads pieces and stats paths through the RPC index', async () => {
    const index = node.client()
    const remote = new RemoteStore({ index }, { token: node.adminToken })
    assert.deepEqual(Buffer.from(await remote.readRange(S, Unsealed, 4000, 127)), unsealed.subarray(4000, 4127))
    const st = await remote.fsStat(id)
    assert.ok(st.Capacity > 0)
    const noToken = new RemoteStore({ index })
    await assert.rejects(noToken.readRange(S, Unsealed, 0, 10), /HTTP 401/)
    await assert.rejects(remote.readRange(S, Sealed, 0, 10), /sealed file of sector s-t01000-5 not available: no node declares it/)
  })

  test('DELETE removes the file and its declaration', async () => {
    mkdirSync(join(path, 'sealed'), { recursive: true })
    writeFileSync(join(path, 'sealed', 's-t01000-5'), 'x')
    await node.api.StorageDeclareSector(id, S, Sealed, true)
    const remote = new RemoteStore({ index: node.index }, { token: node.adminToken })
    await remote.deleteUrl(`${node.remoteUrl}/sealed/s-t01000-5`)
    assert.ok(!existsSync(join(path, 'sealed', 's-t01000-5')))
    assert.deepEqual(await node.api.StorageFindSector(S, Sealed, 0, false), [])
    await assert.rejects(remote.deleteUrl(`${node.remoteUrl}/sealed/s-t01000-5`), /HTTP 500: can't delete sector/)
  })
})
