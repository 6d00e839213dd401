// A small node built on the real plumbing: opens (initialising if needed) a repo, loads or
// creates its JWT secret, and serves the Common API via the node API server on the repo's
// [API] ListenAddress (tests set LOTUS_API_LISTENADDRESS=/ip4/127.0.0.1/tcp/0/http).
//   node dist/test/kit/test-node.js --repo <path> [--type StorageMiner|FullNode]
// Prints {"multiaddr":…,"url":…,"pid":…} on stdout once the api file is written; stops on
// Filecoin.Shutdown, SIGTERM or SIGINT, removing the api file, and exits 0.
import { parseArgs } from 'node:util'
import { CommonContract, FullAPIVersion0, MinerAPIVersion0 } from '../../src/api/index.js'
import { logRegistry, logger } from '../../src/log/index.js'
import { createNodeMetrics } from '../../src/metrics/index.js'
import { loadApiSecret, rpcEndpoint, startApiServer } from '../../src/node/api-server.js'
import { createCommonService } from '../../src/node/common/index.js'
import { ShutdownController } from '../../src/node/shutdown.js'
import { FsRepo } from '../../src/repo/index.js'

async function main (): Promise<void> {
  const { values } = parseArgs({ options: { repo: { type: 'string' }, type: { type: 'string', default: 'StorageMiner' } } })
  if (values.repo === undefined) throw new Error('--repo is required')
  const type = values.type === 'FullNode' ? 'FullNode' : 'StorageMiner'
  const log = logger('node')
  const rpcLog = logger('rpc')
  logger('sectors')

  const repo = new FsRepo(type, values.repo)
  if (!repo.exists()) repo.init()
  const lr = repo.open()
  const shutdown = new ShutdownController().bindSignals()
  const { secret } = await loadApiSecret(lr)
  const common = createCommonService({
    secret,
    logs: logRegistry,
    apiVersion: type === 'FullNode' ? FullAPIVersion0 : MinerAPIVersion0,
    blockDelaySecs: 4,
    onShutdown: () => { shutdown.trigger('Filecoin.Shutdown') },
    contracts: [CommonContract]
  })
  const metrics = createNodeMetrics()
  const server = await startApiServer({
    repo: lr,
    listenAddress: lr.config().API.ListenAddress,
    secret,
    endpoints: [rpcEndpoint('/rpc/v0', CommonContract, common.api)],
    metrics,
    log: rpcLog
  })
  process.stdout.write(`${JSON.stringify({ multiaddr: server.multiaddr, url: server.url, pid: process.pid })}\n`)

  const reason = await shutdown.requested
  log.info({ reason }, 'shutting down')
  common.beginClosing()
  await server.close()
  lr.close()
  shutdown.unbindSignals()
  log.info('node stopped')
}

main().catch((err: unknown) => {
  process.stderr.write(`test-node: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
