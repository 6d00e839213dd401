/**
 * Per node type: where its API endpoint may come from, as Lotus's `node/repo/fsrepo.go`
 * declares it (primary, fallback and deprecated env vars, then repo flags in order).
 */

/** Lotus repo types as the CLI resolves them (`RepoType.Type()`). */
export type NodeType = 'FullNode' | 'StorageMiner' | 'Markets' | 'Worker'

/** CLI flags that name a repo folder. */
export type RepoFlag = 'repo' | 'miner-repo' | 'markets-repo' | 'worker-repo'

export interface NodeTypeEndpoints {
  /** Checked first; set even to an empty string, it decides. */
  readonly primaryEnv: string
  /** Checked after the repo flags. */
  readonly fallbackEnv: readonly string[]
  /** Checked after the primary one, with a warning. */
  readonly deprecatedEnv: readonly string[]
  /** Repo flags in order; the first non-empty one decides. */
  readonly repoFlags: readonly RepoFlag[]
  /** How `--vv` names it: `using <label> API v0 endpoint: …`. */
  readonly label: string
}

export const nodeTypeEndpoints: Readonly<Record<NodeType, NodeTypeEndpoints>> = {
  FullNode: { primaryEnv: 'FULLNODE_API_INFO', fallbackEnv: [], deprecatedEnv: [], repoFlags: ['repo'], label: 'full node' },
  StorageMiner: { primaryEnv: 'MINER_API_INFO', fallbackEnv: [], deprecatedEnv: ['STORAGE_API_INFO'], repoFlags: ['miner-repo'], label: 'miner' },
  Markets: { primaryEnv: 'MARKETS_API_INFO', fallbackEnv: ['MINER_API_INFO'], deprecatedEnv: [], repoFlags: ['markets-repo', 'miner-repo'], label: 'markets' },
  Worker: { primaryEnv: 'WORKER_API_INFO', fallbackEnv: [], deprecatedEnv: [], repoFlags: ['worker-repo'], label: 'worker' }
}

export interface RepoFlagSpec {
  /** Environment variables urfave/cli reads for the flag, first set one wins. */
  readonly env: readonly string[]
  /** Default value; `--markets-repo` has none, so market commands fall back to the miner repo. */
  readonly defaultValue: string
}

export const repoFlagSpecs: Readonly<Record<RepoFlag, RepoFlagSpec>> = {
  repo: { env: ['LOTUS_PATH'], defaultValue: '~/.lotus' },
  'miner-repo': { env: ['LOTUS_MINER_PATH', 'LOTUS_STORAGE_PATH'], defaultValue: '~/.lotusminer' },
  'markets-repo': { env: ['LOTUS_MARKETS_PATH'], defaultValue: '' },
  'worker-repo': { env: ['LOTUS_WORKER_PATH'], defaultValue: '~/.lotusworker' }
}

/** Lotus `EnvForRepo`: the variable `auth api-info` prints for a node type. */
export function envForNodeType (type: NodeType): string {
  return nodeTypeEndpoints[type].primaryEnv
}

/**
 * The value a repo flag ends up with, as urfave/cli computes it: the flag if given, else the
 * first of its env vars that is set (even empty), else the default.
 */
export function repoFlagValue (flag: RepoFlag, given: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  if (given !== undefined) return given
  for (const name of repoFlagSpecs[flag].env) {
    const v = env[name]
    if (v !== undefined) return v
  }
  return repoFlagSpecs[flag].defaultValue
}
