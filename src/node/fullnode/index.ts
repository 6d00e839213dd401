/**
 * The full node (`lotus daemon`): its composition root and the FullNode API implementation.
 *
 * @example
 * ```ts
 * const node = await startFullNode({ repoPath: '~/.lotus', genesis: { kind: 'car', carPath: 'devgen.car' }, tooling })
 * node.multiaddr               // "/ip4/127.0.0.1/tcp/1234/http"
 * await node.stop()
 * ```
 */
export { startFullNode, noMinersPowerView, type FullNode, type FullNodeOptions } from './start.js'
export { type GenesisSource, type GenesisTooling, type LoadedGenesis, checkGenesisSource, obtainGenesis, chainGenesisTooling } from './genesis.js'
export { fullNodeApi, fullNodeApiV0, ObjectNotFoundError, DealNotFoundError, type FullNodeApiDeps, type FullNodeApiImpl, type AddrInfo } from './api/index.js'
export { NodeChain, ReceiptNotFoundError, type MsgLookup } from './node-chain.js'
export { DryRunner, type InvocResult } from './dry-run.js'
export { waitForMessage, WaitAbortedError } from './msg-wait.js'
export { EpochTicker } from './epoch-ticker.js'
export { builtinMinerReaders, chainPowerView, type MinerStateReaders } from './power-view.js'
