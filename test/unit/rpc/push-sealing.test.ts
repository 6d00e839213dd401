// SectorAddPieceToAny over JSON-RPC with a pushed reader, against the sealing service served
// by the node's API server (its push route wired into sealing as the miner node wires it):
// the exact bytes land in the sector; a mislabelled or oversized piece is refused naming the
// values, and the sector takes a good piece at the same offset afterwards.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { permissionsUpTo } from '../../../src/api/index.js'
import { type PieceDealInfo, SealingContract, pieceDataFromStream } from '../../../src/api/sealing.js'
import { createToken, generateJwtSecret } from '../../../src/auth/index.js'
import { pieceCommitmentOf } from '../../../src/core/piece/index.js'
import { sectorId } from '../../../src/core/sector/index.js'
import { actorId, dealId } from '../../../src/core/types.js'
import { type ApiServer, rpcEndpoint, startApiServer } from '../../../src/node/api-server.js'
import { readPiece } from '../../../src/proofs/index.js'
import { LogRegistry } from '../../../src/log/index.js'
import { defaultsOf, minerConfigSchema } from '../../../src/repo/config/index.js'
import { openSqliteDatastore, type SqliteDatastore } from '../../../src/repo/datastore.js'
import { createRpcClient, type RpcClient } from '../../../src/rpc/index.js'
import { SealingService } from '../../../src/sealing/index.js'
import { CountingProver, FakeChain, FakeStorage, MINER, TEST_POLICY, dealProposal } from '../sealing/fakes.js'

const quiet = new LogRegistry({ levels: 'error' }).logger('sectors')

let root: string
let ds: SqliteDatastore
let storage: FakeStorage
let service: SealingService
let server: ApiServer
let api: RpcClient<typeof SealingContract>

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'nelumbo-push-sealing-'))
  const config = defaultsOf(minerConfigSchema)
  config.Dealmaking.StartEpochSealingBuffer = 10
  ds = openSqliteDatastore(join(root, 'metadata.sqlite'))
  storage = new FakeStorage(join(root, 'store'))
  const holder: { server?: ApiServer } = {}
  service = new SealingService({
    chain: new FakeChain(),
    prover: new CountingProver(),
    storage,
    datastore: ds.namespace('/metadata'),
    config: () => config,
    openPushedReader: (uuid, opts) => (holder.server as ApiServer).pushStreams.open(uuid, opts),
    log: quiet
  }, { miner: MINER, sealProof: 5, policy: TEST_POLICY })
  await service.start()
  const secret = generateJwtSecret()
  server = await startApiServer({
    repo: { path: root, keystore: () => { throw new Error('unused') }, setApiEndpoint: () => {}, setApiToken: () => {} },
    listenAddress: '/ip4/127.0.0.1/tcp/0/http',
    secret,
    endpoints: [rpcEndpoint('/rpc/v0', SealingContract, service)]
  })
  holder.server = server
  api = createRpcClient(SealingContract, { url: `${server.url.replace('http:', 'ws:')}/rpc/v0`, token: await createToken(secret, permissionsUpTo('admin')) })
})

after(async () => {
  await api.close()
  await server.close()
  await service.stop()
  ds.close()
  rmSync(root, { recursive: true, force: true })
})

function deal (id: number, pieceCid: ReturnType<typeof pieceCommitmentOf>['pieceCid'], paddedSize: number): PieceDealInfo {
  return {
    PublishCid: null,
    DealID: dealId(id),
    DealProposal: dealProposal(pieceCid, paddedSize),
    DealSchedule: { StartEpoch: 5000 as never, EndEpoch: 600_000 as never },
    KeepUnsealed: true
  }
}

async function * chunked (data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size)
}

describe('SectorAddPieceToAny with a pushed reader', () => {
  test('a mislabelled piece is refused naming both piece CIDs; nothing is recorded', async () => {
    const data = randomBytes(1016)
    const claimed = pieceCommitmentOf(randomBytes(1016)).pieceCid
    const actual = pieceCommitmentOf(data).pieceCid
    await assert.rejects(api.SectorAddPieceToAny(1016, pieceDataFromStream(chunked(data, 300)), deal(1, claimed, 1024)), (err: Error) => {
      assert.ok(err.message.includes(actual.toString()), err.message)
      assert.ok(err.message.includes(claimed.toString()), err.message)
      return true
    })
    assert.deepEqual(await api.SectorsRefs(), {})
  })

  test('a piece longer than declared is refused naming the declared size', async () => {
    const data = randomBytes(1100)
    await assert.rejects(api.SectorAddPieceToAny(1016, pieceDataFromStream(chunked(data, 100)), deal(2, pieceCommitmentOf(data.subarray(0, 1016)).pieceCid, 1024)),
      /longer than the declared 1016 bytes/)
    assert.deepEqual(await api.SectorsRefs(), {})
  })

  test('1016 pushed bytes reach the sector exactly', async () => {
    const data = randomBytes(1016)
    const { pieceCid } = pieceCommitmentOf(data)
    const where = await api.SectorAddPieceToAny(1016, pieceDataFromStream(chunked(data, 300)), deal(3, pieceCid, 1024))
    assert.equal(where.Offset, 0)
    const info = await api.SectorsStatus(where.Sector, false)
    const piece = info.Pieces.find((p) => p.DealInfo?.DealID === 3)
    assert.equal(piece?.Piece.PieceCID.toString(), pieceCid.toString())
    assert.deepEqual(info.Deals, [3])
    const parts: Uint8Array[] = []
    for await (const c of readPiece({ unsealedPath: storage.path(sectorId(actorId(1000n), where.Sector), 1), offset: 0, size: 1016 })) parts.push(c)
    assert.deepEqual(Buffer.concat(parts), data)
  })
})
