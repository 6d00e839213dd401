// A child-process API server with one method taking a reader param, served the way the miner
// node serves SectorAddPieceToAny: startApiServer (its /rpc/streams/v0/push route), the
// ReaderStream codec, and sealing's pieceDataStream over the server's push registry.
//   node dist/test/integration/rpc/push-stream-server.js   (secret in PUSH_TEST_SECRET, hex)
// prints {"url":"http://127.0.0.1:PORT"} once listening and stops on SIGTERM.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type ApiOf, defineContract, lj, method } from '../../../src/api/index.js'
import { PieceDataJson, UnpaddedPieceSizeJson } from '../../../src/api/sealing.js'
import { type ApiServer, rpcEndpoint, startApiServer } from '../../../src/node/api-server.js'
import { pieceDataStream } from '../../../src/sealing/piece-data.js'

export const PushTestContract = defineContract({
  HashPiece: method({
    name: 'Filecoin.HashPiece',
    perm: 'admin',
    summary: 'reads a reader param to its end and returns its length and sha256',
    params: [UnpaddedPieceSizeJson, PieceDataJson],
    result: lj.struct({ Bytes: lj.uint, Sha256: lj.string })
  })
})

async function main (): Promise<void> {
  const secret = new Uint8Array(Buffer.from(process.env.PUSH_TEST_SECRET ?? '', 'hex'))
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-push-'))
  const holder: { server?: ApiServer } = {}
  const impl: ApiOf<typeof PushTestContract> = {
    HashPiece: async (size, data, opts) => {
      const streams = holder.server?.pushStreams
      const source = pieceDataStream(data, streams === undefined ? undefined : (uuid, o) => streams.open(uuid, o), { signal: opts?.signal, maxBytes: size })
      const hash = createHash('sha256')
      let bytes = 0
      for await (const chunk of source) {
        hash.update(chunk)
        bytes += chunk.length
      }
      return { Bytes: bytes, Sha256: hash.digest('hex') }
    }
  }
  const server = await startApiServer({
    repo: { path: dir, keystore: () => { throw new Error('no keystore in the push test server') }, setApiEndpoint: () => {}, setApiToken: () => {} },
    listenAddress: '/ip4/127.0.0.1/tcp/0/http',
    secret,
    endpoints: [rpcEndpoint('/rpc/v0', PushTestContract, impl)]
  })
  holder.server = server
  process.on('SIGTERM', () => {
    void server.close().then(() => {
      rmSync(dir, { recursive: true, force: true })
      process.exit(0)
    })
  })
  process.stdout.write(JSON.stringify({ url: server.url }) + '\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`push-stream-server: ${String(err)}\n`)
    process.exit(1)
  })
}
