// `lotus-miner backup [--offline] <path>` in-process: the argument check, the online call of
// Filecoin.CreateBackup on the mining node (never the markets node) and its `Success`, the
// --offline hint when the node cannot be reached, and --offline against a real temp repo whose
// metadata the file then holds.
import { after, beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FsRepo, readBackup } from '../../../src/repo/index.js'
import { RpcTransportError } from '../../../src/rpc/index.js'
import { runLotusMiner, type CliRun } from '../../kit/miner-cli.js'

let calls: string[]
let answer: Error | undefined
beforeEach(() => { calls = []; answer = undefined })

const miner = {
  CreateBackup: async (path: string) => {
    calls.push(path)
    if (answer !== undefined) throw answer
  },
  close: async () => {}
}
const full = { close: async () => {} }
const run = async (args: string[]): Promise<CliRun> => await runLotusMiner(args, { miner, full })

const dir = mkdtempSync(join(tmpdir(), 'nelumbo-cli-backup-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('lotus-miner backup', () => {
  test('needs exactly one argument', async () => {
    for (const args of [['backup'], ['backup', 'a', 'b'], ['backup', '--offline']]) {
      const r = await run(args)
      assert.equal(r.code, 1, args.join(' '))
      assert.equal(r.stderr, 'ERROR: expected 1 argument\n')
      assert.equal(r.stdout, '')
    }
    assert.deepEqual(calls, [])
  })

  test('online: CreateBackup on the miner with the path as given, then Success', async () => {
    const r = await run(['backup', '/backups/miner.cbor'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, 'Success\n')
    assert.deepEqual(calls, ['/backups/miner.cbor'])
    // The path is the daemon's to expand and check, so `~` goes over the wire unchanged.
    await run(['backup', '~/b.cbor'])
    assert.deepEqual(calls, ['/backups/miner.cbor', '~/b.cbor'])
    // --call-on-markets is for common commands; backup still goes to the mining node (the kit
    // asserts the miner endpoint gets a MinerContract client).
    const m = await run(['--call-on-markets', 'backup', '/backups/m2.cbor'])
    assert.equal(m.code, 0, m.stderr)
    assert.deepEqual(calls.at(-1), '/backups/m2.cbor')
  })

  test("online: the node's refusal is printed as is, without Success", async () => {
    answer = new Error('LOTUS_BACKUP_BASE_PATH env var not set')
    const r = await run(['backup', '/backups/miner.cbor'])
    assert.equal(r.code, 1)
    assert.equal(r.stdout, '')
    assert.match(r.stderr, /^ERROR: .*LOTUS_BACKUP_BASE_PATH env var not set\n$/)
    assert.doesNotMatch(r.stderr, /--offline/)
  })

  test('online: an unreachable node suggests --offline', async () => {
    answer = new RpcTransportError('Filecoin.CreateBackup', 'http://127.0.0.1:2345/rpc/v0', 'connect ECONNREFUSED 127.0.0.1:2345')
    const r = await run(['backup', '/backups/miner.cbor'])
    assert.equal(r.code, 1)
    assert.equal(r.stdout, '')
    assert.match(r.stderr, /^ERROR: getting api: .*ECONNREFUSED.* \(if the node isn't running you can use the --offline flag\)\n$/)
  })

  describe('--offline', () => {
    const repoDir = join(dir, 'miner-repo')
    const repo = new FsRepo('StorageMiner', repoDir)
    repo.init()
    const lr = repo.open()
    lr.metadata().put('/miner-address', Uint8Array.of(0, 0xe8, 0x07))
    lr.metadata().put('/sectors/1', new TextEncoder().encode('sector one'))
    lr.close()

    test('writes the repo metadata to the file without the node, and prints nothing', async () => {
      const file = join(dir, 'out', '..', 'offline.cbor')
      const r = await run(['--miner-repo', repoDir, 'backup', '--offline', file])
      assert.equal(r.code, 0, r.stderr)
      assert.equal(r.stdout, '')
      assert.deepEqual(calls, [], 'no API call')
      const keys: string[] = []
      readBackup(join(dir, 'offline.cbor'), (key) => { keys.push(key) })
      assert.deepEqual(keys, ['/miner-address', '/sectors/1'])
      assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [])
      // The repo lock was released again.
      repo.open().close()
    })

    test('refuses a repo a running node has locked', async () => {
      const held = repo.open()
      try {
        const file = join(dir, 'locked.cbor')
        const r = await run(['--miner-repo', repoDir, 'backup', '--offline', file])
        assert.equal(r.code, 1)
        assert.equal(r.stderr, 'ERROR: locking repo: repo is already locked (lotus daemon already running)\n')
        assert.equal(existsSync(file), false)
      } finally {
        held.close()
      }
    })

    test('refuses a repo that was never initialized', async () => {
      const missing = join(dir, 'nope')
      const r = await run(['--miner-repo', missing, 'backup', '--offline', join(dir, 'x.cbor')])
      assert.equal(r.code, 1)
      assert.equal(r.stderr, `ERROR: repo at '${missing}' is not initialized\n`)
      assert.equal(existsSync(join(dir, 'x.cbor')), false)
    })
  })
})
