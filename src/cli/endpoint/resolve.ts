/**
 * Endpoint resolution (Lotus `cli/util/api.go` GetAPIInfoMulti), as a pure function over the
 * environment, the repo flags and a tiny file-system view, so every rule is unit-testable:
 *   1. the primary env var, if set (even empty);
 *   2. deprecated env vars, with a warning;
 *   3. repo flags in order: the first non-empty one decides (repo must exist, `api` must be there);
 *   4. fallback env vars;
 *   5. otherwise an error naming the node type.
 */
import { existsSync, readFileSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import { NelumboError } from '../../core/errors.js'
import { type ApiInfo, dialArgs, parseApiInfoMulti } from '../../node/api-info.js'
import { parseApiMultiaddr } from '../../node/multiaddr.js'
import { DATASTORE_DIR } from '../../repo/datastore.js'
import { API_FILE, KEYSTORE_DIR, TOKEN_FILE } from '../../repo/repo.js'
import { type NodeType, type RepoFlag, nodeTypeEndpoints } from './node-types.js'

/** What resolution reads from disk; tests pass an in-memory one. */
export interface EndpointFs {
  exists: (path: string) => boolean
  /** The file's text, or undefined when it does not exist. */
  readText: (path: string) => string | undefined
}

export const nodeFs: EndpointFs = {
  exists: (path) => existsSync(path),
  readText: (path) => {
    try {
      return readFileSync(path, 'utf8')
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') return undefined
      throw err
    }
  }
}

export interface ResolveInput {
  env: Readonly<Record<string, string | undefined>>
  /** Effective repo flag values (flag, else env, else default; see `repoFlagValue`). */
  repoFlags: Readonly<Partial<Record<RepoFlag, string>>>
  fs: EndpointFs
  home: string
}

export interface ResolvedApiInfo {
  readonly nodeType: NodeType
  readonly info: ApiInfo
  /** Where it came from: an env var name, or the repo's `api` file path. */
  readonly source: string
  /** Things Lotus logs as warnings while resolving (deprecated env, missing token, …). */
  readonly warnings: readonly string[]
}

export interface ResolvedEndpoint extends ResolvedApiInfo {
  /** What the client dials: `ws://127.0.0.1:2345/rpc/v0` or `<url>/rpc/v0`. */
  readonly url: string
}

/** No endpoint could be found for a node type; the message says what to set. */
export class ApiEndpointError extends NelumboError {
  readonly nodeType: NodeType
  constructor (nodeType: NodeType, message: string) {
    super('ERR_API_ENDPOINT', message)
    this.nodeType = nodeType
  }
}

// Lotus's own texts, kept verbatim so scripts that grep for them still work.
export const REPO_DOES_NOT_EXIST = 'repo directory does not exist. Make sure your configuration is correct'
export const API_NOT_RUNNING = 'API not running (no endpoint)'

const MARKETS_HINT = 'to reach the markets node set MARKETS_API_INFO, or --markets-repo (LOTUS_MARKETS_PATH) to the markets repo'

/** Resolves where the API of `type` is and with which token, or throws `ApiEndpointError`. */
export function resolveApiInfo (type: NodeType, input: ResolveInput): ResolvedApiInfo {
  const spec = nodeTypeEndpoints[type]
  const warnings: string[] = []
  const fromEnv = (name: string): ResolvedApiInfo => {
    const infos = parseApiInfoMulti(input.env[name] as string)
    if (infos.length > 1) warnings.push('multiple API infos received when only one was expected')
    return { nodeType: type, info: infos[0] as ApiInfo, source: name, warnings }
  }

  if (input.env[spec.primaryEnv] !== undefined) return fromEnv(spec.primaryEnv)
  for (const name of spec.deprecatedEnv) {
    if (input.env[name] !== undefined) {
      warnings.push(`Using deprecated env(${name}) value, please use env(${spec.primaryEnv}) instead.`)
      return fromEnv(name)
    }
  }
  for (const flag of spec.repoFlags) {
    const value = input.repoFlags[flag] ?? ''
    if (value === '') continue
    return fromRepo(type, flag, value, input, warnings)
  }
  for (const name of spec.fallbackEnv) {
    if (input.env[name] !== undefined) return fromEnv(name)
  }
  const hint = type === 'Markets' ? `; ${MARKETS_HINT}` : ''
  throw new ApiEndpointError(type,
    `could not determine API endpoint for node type: ${type}. Try setting environment variable: ${spec.primaryEnv}${hint}`)
}

function fromRepo (type: NodeType, flag: RepoFlag, value: string, input: ResolveInput, warnings: string[]): ResolvedApiInfo {
  const path = expandRepoPath(value, input.home)
  // Market commands reaching the miner repo only because --markets-repo was empty get a hint.
  const hint = type === 'Markets' && flag === 'miner-repo' ? `; ${MARKETS_HINT}` : ''
  const fail = (reason: string): never => {
    throw new ApiEndpointError(type, `could not get API info for ${type}: ${reason}: ${path} (from --${flag})${hint}`)
  }
  if (!input.fs.exists(join(path, DATASTORE_DIR)) && !input.fs.exists(join(path, KEYSTORE_DIR))) fail(REPO_DOES_NOT_EXIST)
  const apiFile = join(path, API_FILE)
  const addr = input.fs.readText(apiFile)
  if (addr === undefined) fail(`could not get api endpoint: ${API_NOT_RUNNING}`)
  const trimmed = (addr as string).trim()
  parseApiMultiaddr(trimmed, apiFile)
  const tokenFile = join(path, TOKEN_FILE)
  const token = input.fs.readText(tokenFile)?.trim()
  if (token === undefined) {
    warnings.push(`Couldn't load CLI token, capabilities may be limited: open ${tokenFile}: no such file or directory`)
  }
  return { nodeType: type, info: { addr: trimmed, token }, source: apiFile, warnings }
}

/** `~` expansion as go-homedir does it, then an absolute path. */
export function expandRepoPath (value: string, home: string): string {
  let p = value
  if (p === '~') p = home
  else if (p.startsWith('~/')) p = join(home, p.slice(2))
  return isAbsolute(p) ? p : resolve(p)
}

/** Resolves the endpoint and the URL to dial for an API version (miner and markets are always v0). */
export function resolveEndpoint (type: NodeType, input: ResolveInput, version: 'v0' | 'v1' = 'v0'): ResolvedEndpoint {
  const resolved = resolveApiInfo(type, input)
  return { ...resolved, url: dialArgs(resolved.info, version, resolved.source) }
}
