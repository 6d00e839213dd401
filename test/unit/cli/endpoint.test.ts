import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  API_NOT_RUNNING, ApiEndpointError, REPO_DOES_NOT_EXIST, type ResolveInput, type RepoFlag, repoFlagValue, resolveApiInfo, resolveEndpoint
} from '../../../src/cli/endpoint/index.js'
import { HOME, memoryFs, repoFiles } from '../../kit/cli-harness.js'

const MINER = `${HOME}/.lotusminer`
const MARKETS = '/srv/markets'
const T1 = 'aaa.bbb.ccc'
const T2 = 'ddd.eee.fff'

function input (env: Record<string, string>, repoFlags: Partial<Record<RepoFlag, string>>, files: Record<string, string> = {}): ResolveInput {
  return { env, repoFlags, fs: memoryFs(files), home: HOME }
}

const minerRepoUp = repoFiles(MINER, '/ip4/127.0.0.1/tcp/2345/http\n', `${T1}\n`)
const marketsRepoUp = repoFiles(MARKETS, '/ip4/127.0.0.1/tcp/2346/http', T2)

describe('endpoint resolution (Lotus GetAPIInfoMulti)', () => {
  test('the repo api and token files, trimmed, with ~ expanded', () => {
    const ep = resolveEndpoint('StorageMiner', input({}, { 'miner-repo': '~/.lotusminer' }, minerRepoUp))
    assert.equal(ep.url, 'ws://127.0.0.1:2345/rpc/v0')
    assert.equal(ep.info.token, T1)
    assert.equal(ep.source, `${MINER}/api`)
    assert.deepEqual(ep.warnings, [])
  })

  test('the primary env var beats the repo file', () => {
    const ep = resolveEndpoint('StorageMiner', input({ MINER_API_INFO: `${T2}:/ip4/10.0.0.9/tcp/9999/http` }, { 'miner-repo': MINER }, minerRepoUp))
    assert.equal(ep.url, 'ws://10.0.0.9:9999/rpc/v0')
    assert.equal(ep.info.token, T2)
    assert.equal(ep.source, 'MINER_API_INFO')
  })

  test('a primary env var set to empty still decides', () => {
    const info = resolveApiInfo('StorageMiner', input({ MINER_API_INFO: '' }, { 'miner-repo': MINER }, minerRepoUp))
    assert.deepEqual(info.info, { addr: '', token: undefined })
    assert.throws(() => resolveEndpoint('StorageMiner', input({ MINER_API_INFO: '' }, { 'miner-repo': MINER }, minerRepoUp)), /MINER_API_INFO/)
  })

  test('the deprecated STORAGE_API_INFO works with a warning, after MINER_API_INFO', () => {
    const dep = resolveApiInfo('StorageMiner', input({ STORAGE_API_INFO: `${T2}:/ip4/1.1.1.1/tcp/1/http` }, { 'miner-repo': MINER }, minerRepoUp))
    assert.equal(dep.source, 'STORAGE_API_INFO')
    assert.match(dep.warnings[0] ?? '', /deprecated env\(STORAGE_API_INFO\).*MINER_API_INFO/)
    const primary = resolveApiInfo('StorageMiner', input({ MINER_API_INFO: '/ip4/2.2.2.2/tcp/2/http', STORAGE_API_INFO: '/ip4/1.1.1.1/tcp/1/http' }, {}))
    assert.equal(primary.source, 'MINER_API_INFO')
  })

  test('a repo that does not exist', () => {
    assert.throws(() => resolveApiInfo('StorageMiner', input({}, { 'miner-repo': MINER })), (err: Error) =>
      err instanceof ApiEndpointError && err.message.includes(REPO_DOES_NOT_EXIST) && err.message.includes(MINER) &&
      err.message.startsWith('could not get API info for StorageMiner: '))
  })

  test('config.toml alone does not make a repo exist', () => {
    assert.throws(() => resolveApiInfo('StorageMiner', input({}, { 'miner-repo': MINER }, { [`${MINER}/config.toml`]: '' })),
      new RegExp(REPO_DOES_NOT_EXIST.replace('.', '\\.')))
  })

  test('a repo without an api file: API not running', () => {
    assert.throws(() => resolveApiInfo('StorageMiner', input({}, { 'miner-repo': MINER }, repoFiles(MINER, undefined, T1))),
      (err: Error) => err.message.includes(API_NOT_RUNNING))
  })

  test('a repo without a token file warns and goes on without a token', () => {
    const info = resolveApiInfo('StorageMiner', input({}, { 'miner-repo': MINER }, repoFiles(MINER, '/ip4/127.0.0.1/tcp/1/http')))
    assert.equal(info.info.token, undefined)
    assert.match(info.warnings[0] ?? '', /Couldn't load CLI token/)
  })

  test('a garbled api file is reported with its path', () => {
    assert.throws(() => resolveApiInfo('StorageMiner', input({}, { 'miner-repo': MINER }, repoFiles(MINER, 'garbage', T1))),
      new RegExp(`${MINER}/api`))
  })

  test('markets: MARKETS_API_INFO, then --markets-repo, then --miner-repo', () => {
    const files = { ...minerRepoUp, ...marketsRepoUp }
    assert.equal(resolveApiInfo('Markets', input({ MARKETS_API_INFO: `${T1}:/ip4/3.3.3.3/tcp/3/http` }, { 'markets-repo': MARKETS, 'miner-repo': MINER }, files)).source, 'MARKETS_API_INFO')
    assert.equal(resolveApiInfo('Markets', input({}, { 'markets-repo': MARKETS, 'miner-repo': MINER }, files)).source, `${MARKETS}/api`)
    assert.equal(resolveApiInfo('Markets', input({}, { 'markets-repo': '', 'miner-repo': MINER }, files)).source, `${MINER}/api`)
  })

  test('the first non-empty repo flag decides: a missing markets repo is not skipped', () => {
    assert.throws(() => resolveApiInfo('Markets', input({}, { 'markets-repo': '/nowhere', 'miner-repo': MINER }, minerRepoUp)),
      /repo directory does not exist.*\/nowhere \(from --markets-repo\)/)
  })

  test('markets: MINER_API_INFO is only a fallback after the repo flags (lotus #7072)', () => {
    const env = { MINER_API_INFO: `${T2}:/ip4/4.4.4.4/tcp/4/http` }
    assert.equal(resolveApiInfo('Markets', input(env, { 'miner-repo': MINER }, minerRepoUp)).source, `${MINER}/api`)
    assert.equal(resolveApiInfo('Markets', input(env, { 'miner-repo': '' })).source, 'MINER_API_INFO')
  })

  test('no markets endpoint: the error says which variable or repo to set', () => {
    assert.throws(() => resolveApiInfo('Markets', input({}, { 'miner-repo': MINER })), (err: Error) =>
      err.message.includes(REPO_DOES_NOT_EXIST) && err.message.includes('MARKETS_API_INFO') &&
      err.message.includes('--markets-repo') && err.message.includes('LOTUS_MARKETS_PATH'))
    assert.throws(() => resolveApiInfo('Markets', input({}, {})),
      /could not determine API endpoint for node type: Markets.*MARKETS_API_INFO.*--markets-repo/)
  })

  test('nothing at all', () => {
    assert.throws(() => resolveApiInfo('FullNode', input({}, {})),
      (err: Error) => err instanceof ApiEndpointError && err.nodeType === 'FullNode' &&
        err.message.startsWith('could not determine API endpoint for node type: FullNode'))
  })

  test('several entries: the first is used, with a warning', () => {
    const info = resolveApiInfo('StorageMiner', input({ MINER_API_INFO: '/ip4/1.1.1.1/tcp/1/http,/ip4/2.2.2.2/tcp/2/http' }, {}))
    assert.equal(info.info.addr, '/ip4/1.1.1.1/tcp/1/http')
    assert.match(info.warnings[0] ?? '', /multiple API infos/)
  })

  test('full node v1', () => {
    const ep = resolveEndpoint('FullNode', input({ FULLNODE_API_INFO: `${T1}:/ip4/127.0.0.1/tcp/1234/http` }, {}), 'v1')
    assert.equal(ep.url, 'ws://127.0.0.1:1234/rpc/v1')
  })
})

describe('repo flag values (flag, else env, else default)', () => {
  test('miner repo', () => {
    assert.equal(repoFlagValue('miner-repo', undefined, {}), '~/.lotusminer')
    assert.equal(repoFlagValue('miner-repo', undefined, { LOTUS_STORAGE_PATH: '/b' }), '/b')
    assert.equal(repoFlagValue('miner-repo', undefined, { LOTUS_MINER_PATH: '/a', LOTUS_STORAGE_PATH: '/b' }), '/a')
    assert.equal(repoFlagValue('miner-repo', '/flag', { LOTUS_MINER_PATH: '/a' }), '/flag')
  })

  test('markets repo has no default; full node repo does', () => {
    assert.equal(repoFlagValue('markets-repo', undefined, {}), '')
    assert.equal(repoFlagValue('markets-repo', undefined, { LOTUS_MARKETS_PATH: '/m' }), '/m')
    assert.equal(repoFlagValue('repo', undefined, {}), '~/.lotus')
    assert.equal(repoFlagValue('repo', undefined, { LOTUS_PATH: '/l' }), '/l')
  })
})
