/**
 * Where each kind of repo lives. The flag beats the environment, the environment beats the
 * default, as the `--repo` / `--miner-repo` / `--markets-repo` flags of Lotus resolve them.
 */
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * Lotus repo types. A markets repo is a StorageMiner repo on disk (same config schema, same
 * layout); `Markets` exists so endpoint resolution can tell the two apart.
 */
export type RepoType = 'FullNode' | 'StorageMiner' | 'Markets'

export interface RepoTypeInfo {
  /** Environment variables naming the repo path, first set one wins; later ones are deprecated. */
  readonly pathEnv: readonly string[]
  /**
   * Default path. Lotus gives `--markets-repo` no default (market commands then fall back to the
   * miner repo); `~/.lotusmarkets` is the path its docs use, offered for commands that create one.
   */
  readonly defaultPath: string
  /** Config schema name: a markets node reads the miner's config. */
  readonly configType: 'FullNode' | 'StorageMiner'
}

export const repoTypes: Readonly<Record<RepoType, RepoTypeInfo>> = {
  FullNode: { pathEnv: ['LOTUS_PATH'], defaultPath: '~/.lotus', configType: 'FullNode' },
  StorageMiner: { pathEnv: ['LOTUS_MINER_PATH', 'LOTUS_STORAGE_PATH'], defaultPath: '~/.lotusminer', configType: 'StorageMiner' },
  Markets: { pathEnv: ['LOTUS_MARKETS_PATH'], defaultPath: '~/.lotusmarkets', configType: 'StorageMiner' }
}

/** Expands a leading `~` or `~/` to the home directory (as go-homedir does); other paths are returned as given. */
export function expandHome (path: string, home: string = homedir()): string {
  if (path === '~') return home
  if (path.startsWith('~/')) return join(home, path.slice(2))
  return path
}

export interface ResolvedRepoPath {
  /** Absolute path with `~` expanded. */
  readonly path: string
  /** Where it came from: `flag`, the environment variable's name, or `default`. */
  readonly source: string
}

/**
 * Resolves a repo path: an explicit (flag) value first, then the type's environment variables
 * in order, then the default. Empty values count as unset.
 */
export function resolveRepoPath (
  type: RepoType,
  opts: { explicit?: string | undefined, env?: NodeJS.ProcessEnv, home?: string } = {}
): ResolvedRepoPath {
  const env = opts.env ?? process.env
  const home = opts.home ?? homedir()
  if (opts.explicit != null && opts.explicit !== '') {
    return { path: resolve(expandHome(opts.explicit, home)), source: 'flag' }
  }
  for (const name of repoTypes[type].pathEnv) {
    const v = env[name]
    if (v != null && v !== '') return { path: resolve(expandHome(v, home)), source: name }
  }
  return { path: resolve(expandHome(repoTypes[type].defaultPath, home)), source: 'default' }
}
