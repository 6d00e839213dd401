/**
 * Where the CLI finds a node's API: `FULLNODE_API_INFO` / `MINER_API_INFO` /
 * `MARKETS_API_INFO`, then the repo flags' `api` and `token` files, exactly as Lotus orders them.
 *
 * ```ts
 * const ep = resolveEndpoint('StorageMiner', { env: process.env, repoFlags: { 'miner-repo': '~/.lotusminer' }, fs: nodeFs, home: homedir() })
 * ep.url // ws://127.0.0.1:2345/rpc/v0
 * ```
 */
export {
  type NodeType, type NodeTypeEndpoints, type RepoFlag, type RepoFlagSpec,
  envForNodeType, nodeTypeEndpoints, repoFlagSpecs, repoFlagValue
} from './node-types.js'
export {
  API_NOT_RUNNING, ApiEndpointError, type EndpointFs, REPO_DOES_NOT_EXIST, type ResolveInput, type ResolvedApiInfo,
  type ResolvedEndpoint, expandRepoPath, nodeFs, resolveApiInfo, resolveEndpoint
} from './resolve.js'
export { API_INFO_WITH_TOKEN, type ApiInfo, dialArgs, formatApiInfo, parseApiInfo, parseApiInfoMulti } from '../../node/api-info.js'
