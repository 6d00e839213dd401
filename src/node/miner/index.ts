/**
 * The storage-provider node (`lotus-miner run`): its composition root, the StorageMiner API glue,
 * `[Subsystems]` checks, and what `lotus-miner init` records in a new repo.
 *
 * @example
 * ```ts
 * const node = await startMinerNode({ repoPath: '~/.lotusminer', fullNode: { url: 'ws://127.0.0.1:1234/rpc/v1', token } })
 * node.multiaddr               // "/ip4/127.0.0.1/tcp/2345/http"
 * await node.api.SectorsList()
 * await node.stop()
 * ```
 */
export { startMinerNode, type MinerNode, type MinerNodeOptions, type MiningDeps, type MiningFactory, type MiningSubsystem } from './start.js'
export { planSubsystems, runtimeSubsystems, type SubsystemPlan } from './subsystems.js'
export { connectFullNode, waitForSync, FullNodeVersionError, type FullNodeConnection, type FullNodeEndpoint } from '../common/full-node.js'
export { readMinerAddress, writeMinerAddress, NoMinerAddressError } from './miner-address.js'
export { attachPreSealDir, importPreSealedSectors, preSealMinerFor, preSealRecord } from './preseal.js'
export { storageMinerApi, type StorageMinerApiDeps } from './storage-miner-api.js'
export { localSealingStorage } from './sealing-storage.js'
export { lateApi, methodsOf, NodeStartingError, type LateApi } from './late-api.js'
export { connectMiningNode, MinerApiVersionError } from '../common/mining-node.js'
export { ensureHostKey } from '../common/host-key.js'
