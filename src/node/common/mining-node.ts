/**
 * The other half of split-versus-monolith: a JSON-RPC client of a mining node, of the same type
 * as the in-process implementation, from an API-info string (`[Subsystems] SealerApiInfo` /
 * `SectorIndexApiInfo`, `MINER_API_INFO`). As Lotus's `NewStorageMinerRPCV0` start-up check, the
 * remote `Version().APIVersion` must match `MinerAPIVersion0` on major and minor.
 */
import { MinerAPIVersion0, versionMatchesMajorMinor, versionString } from '../../api/index.js'
import { MinerContract } from '../../api/miner.js'
import { NelumboError } from '../../core/errors.js'
import { type RpcClient, createRpcClient } from '../../rpc/index.js'
import { dialArgs, parseApiInfoMulti } from '../api-info.js'

export class MinerApiVersionError extends NelumboError {
  constructor (readonly source: string, readonly got: number) {
    super('ERR_MINER_API_VERSION', `${source}: remote API version didn't match (expected ${versionString(MinerAPIVersion0)}, remote ${versionString(got)})`)
  }
}

/** Dials `TOKEN:MULTIADDR` (first entry only, as Lotus does for miner endpoints) and checks its version. */
export async function connectMiningNode (apiInfo: string, source: string): Promise<RpcClient<typeof MinerContract>> {
  if (apiInfo.trim() === '') throw new NelumboError('ERR_NO_API_INFO', `${source} is empty: set it to TOKEN:MULTIADDR of the mining node (lotus-miner auth api-info --perm admin)`)
  const info = parseApiInfoMulti(apiInfo.trim())[0]!
  const client = createRpcClient(MinerContract, { url: dialArgs(info, 'v0', source), token: info.token })
  try {
    const v = await client.Version()
    if (!versionMatchesMajorMinor(v.APIVersion, MinerAPIVersion0)) throw new MinerApiVersionError(source, v.APIVersion)
    return client
  } catch (err) {
    await client.close()
    if (err instanceof MinerApiVersionError) throw err
    throw new NelumboError('ERR_MINER_CONNECT', `${source}: could not reach the mining node at ${info.addr}: ${(err as Error).message}`, { cause: err })
  }
}
