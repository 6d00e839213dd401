import { describe, test, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, existsSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FsRepo, RepoAlreadyLockedError, loadOrCreateApiSecret, NoApiEndpointError } from '../../../src/repo/index.js'

const holderScript = fileURLToPath(new URL('../../kit/repo-lock-holder.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'nelumbo-repo-lock-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function startHolder (repoPath: string): { child: ChildProcess, locked: Promise<void>, exited: Promise<number | null> } {
  const child = spawn(process.execPath, [holderScript, repoPath, 'hold'], { stdio: ['pipe', 'pipe', 'inherit'] })
  const locked = new Promise<void>((resolve, reject) => {
    let out = ''
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d
      if (out.includes('locked\n')) resolve()
      if (out.includes('refused')) reject(new Error(out))
    })
    child.on('error', reject)
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, locked, exited }
}

async function tryLockInChild (repoPath: string): Promise<{ code: number | null, out: string }> {
  const child = spawn(process.execPath, [holderScript, repoPath, 'try'], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  return { code, out }
}

describe('repo lock across processes', () => {
  test('a second process is refused; after kill -9 of the holder the lock is free', async () => {
    const repo = new FsRepo('StorageMiner', join(dir, 'miner'))
    repo.init()
    const holder = startHolder(repo.path)
    try {
      await holder.locked
      const second = await tryLockInChild(repo.path)
      assert.equal(second.code, 2)
      assert.equal(second.out.trim(), 'refused: repo is already locked (lotus daemon already running)')
      assert.throws(() => repo.open(), RepoAlreadyLockedError)
    } finally {
      holder.child.kill('SIGKILL')
    }
    await holder.exited
    const lr = repo.open()
    lr.close()
    const third = await tryLockInChild(repo.path)
    assert.equal(third.out.trim(), 'locked')
    assert.equal(third.code, 0)
  })

  test('two handles in one process exclude each other until close', () => {
    const repo = new FsRepo('FullNode', join(dir, 'full'))
    repo.init()
    const lr = repo.open()
    assert.throws(() => repo.open(), /repo is already locked \(lotus daemon already running\)/)
    lr.close()
    repo.open().close()
  })

  test('an empty repo.lock left by Lotus is reused; a foreign file is reported', () => {
    const repo = new FsRepo('StorageMiner', join(dir, 'lotus-left'))
    repo.init()
    writeFileSync(join(repo.path, 'repo.lock'), '')
    repo.open().close()
    writeFileSync(join(repo.path, 'repo.lock'), 'not a lock file written by us')
    assert.throws(() => repo.open(), /repo\.lock is not a lock file this node wrote/)
  })
})

describe('repo files', () => {
  test('init layout, api and token files, api removed at close', () => {
    const repo = new FsRepo('StorageMiner', join(dir, 'files'))
    assert.equal(repo.exists(), false)
    assert.throws(() => repo.open(), /is not initialized/)
    repo.init()
    assert.equal(repo.exists(), true)
    assert.throws(() => repo.init(), /is already initialized/)
    assert.equal(statSync(join(repo.path, 'keystore')).mode & 0o777, 0o700)
    assert.match(readFileSync(join(repo.path, 'config.toml'), 'utf8'), /^\[API\]\n {2}# /)

    const lr = repo.open()
    assert.throws(() => repo.apiEndpoint(), NoApiEndpointError)
    lr.setApiEndpoint('/ip4/127.0.0.1/tcp/2345/http')
    const apiFile = join(repo.path, 'api')
    assert.equal(readFileSync(apiFile, 'utf8'), '/ip4/127.0.0.1/tcp/2345/http')
    assert.equal(statSync(apiFile).mode & 0o777, 0o644)
    assert.equal(repo.apiEndpoint(), '/ip4/127.0.0.1/tcp/2345/http')

    const first = loadOrCreateApiSecret(lr.keystore())
    assert.equal(first.generated, true)
    assert.equal(first.secret.length, 32)
    lr.setApiToken('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.sig')
    const tokenFile = join(repo.path, 'token')
    assert.equal(statSync(tokenFile).mode & 0o777, 0o600)
    assert.equal(repo.apiToken(), 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.sig')
    const again = loadOrCreateApiSecret(lr.keystore())
    assert.equal(again.generated, false)
    assert.deepEqual(again.secret, first.secret)

    lr.setStorage((s) => { s.StoragePaths = [{ Path: repo.path }] })
    assert.equal(readFileSync(join(repo.path, 'storage.json'), 'utf8'), `{\n  "StoragePaths": [\n    {\n      "Path": "${repo.path}"\n    }\n  ]\n}`)

    lr.close()
    assert.equal(existsSync(apiFile), false)
    assert.equal(existsSync(tokenFile), true)
    assert.throws(() => lr.setApiEndpoint('/ip4/127.0.0.1/tcp/1/http'), /closed/)
  })

  test('path resolution: flag, env (with deprecated fallback), default, ~ expansion', () => {
    const env = { LOTUS_STORAGE_PATH: '/s', HOME: '/h' }
    assert.equal(FsRepo.resolve('StorageMiner', { env }).path, '/s')
    assert.equal(FsRepo.resolve('StorageMiner', { env: { ...env, LOTUS_MINER_PATH: '/m' } }).path, '/m')
    assert.equal(FsRepo.resolve('StorageMiner', { env, explicit: '/x' }).path, '/x')
    assert.equal(FsRepo.resolve('Markets', { env: { LOTUS_MARKETS_PATH: '/mk' } }).path, '/mk')
    assert.match(FsRepo.resolve('FullNode', { env: {} }).path, /\/\.lotus$/)
    assert.doesNotMatch(new FsRepo('FullNode', '~/r').path, /~/)
  })
})
