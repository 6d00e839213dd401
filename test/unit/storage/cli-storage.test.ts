// `lotus-miner storage ...` run in-process against an in-process storage API.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { StorageApi } from '../../../src/api/sector-index.js'
import type { CliIo } from '../../../src/cli/io.js'
import { lotusMinerProgram } from '../../../src/cli/lotus-miner/index.js'
import { sizeStr } from '../../../src/cli/lotus-miner/storage.js'
import { newIdAddress } from '../../../src/core/address/index.js'
import { executeProgram } from '../../../src/cli/program.js'
import { nodeFs } from '../../../src/cli/endpoint/index.js'
import { type StorageConfig, readStorageConfig, writeStorageConfig } from '../../../src/repo/storage-config.js'
import { LocalStore, RemoteStore, SectorIndex, type StorageFs, createStorageApi } from '../../../src/storage/index.js'

const root = mkdtempSync(join(tmpdir(), 'nelumbo-cli-storage-'))
after(() => { rmSync(root, { recursive: true, force: true }) })

const GiB = 2 ** 30
const fakeFs: StorageFs = {
  statFs: async () => ({ Capacity: 100 * GiB, Available: 60 * GiB, FSAvailable: 60 * GiB }),
  diskUsage: async () => 0
}

async function setup (): Promise<{ api: StorageApi, index: SectorIndex, local: LocalStore, run: (...args: string[]) => Promise<{ code: number, stdout: string, stderr: string }> }> {
  const file = join(root, 'storage.json')
  const config = {
    storage: (): StorageConfig => existsSync(file) ? readStorageConfig(file) : { StoragePaths: null },
    setStorage: (m: (c: StorageConfig) => void) => {
      const c = config.storage()
      m(c)
      writeStorageConfig(file, c)
    }
  }
  const index = new SectorIndex()
  const local = await LocalStore.open({ index, config }, { urls: ['http://127.0.0.1:2345/remote'], heartbeatIntervalMs: 0, fs: fakeFs })
  const api = createStorageApi({ index, local, remote: new RemoteStore({ index, local }) })
  const run = async (...args: string[]): Promise<{ code: number, stdout: string, stderr: string }> => {
    let stdout = ''
    let stderr = ''
    const io: CliIo = {
      env: { MINER_API_INFO: 'eyJhbGciOiJIUzI1NiJ9.e30.c2ln:/ip4/127.0.0.1/tcp/2345/http' },
      home: root,
      fs: nodeFs,
      stdout: (t) => { stdout += t },
      stderr: (t) => { stderr += t },
      sleep: async () => {},
      connect: () => ({ ...api, ActorAddress: async () => newIdAddress(1000), close: async () => {} }) as never
    }
    const program = lotusMinerProgram(io)
    const code = await executeProgram(program, args, { from: 'user', output: { stdout: io.stdout, stderr: io.stderr } })
    return { code, stdout, stderr }
  }
  return { api, index, local, run }
}

describe('lotus-miner storage', () => {
  test('attach --init, list, find, redeclare, detach', async () => {
    const { run, index, local } = await setup()
    const p = join(root, 'seal')
    let r = await run('storage', 'attach', '--init', '--seal', '--weight', '20', '--max-storage', '2GiB', '--groups', 'g1', '--groups', 'g2', p)
    assert.equal(r.code, 0, r.stderr)
    const meta = JSON.parse(readFileSync(join(p, 'sectorstore.json'), 'utf8')) as { ID: string, Weight: number, MaxStorage: number, Groups: string[] }
    assert.deepEqual([meta.Weight, meta.MaxStorage, meta.Groups], [20, 2 * GiB, ['g1', 'g2']])

    r = await run('storage', 'attach', '--init', '--seal', p)
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, /path is already initialized/)
    r = await run('storage', 'attach', '--init', join(root, 'neither'))
    assert.match(r.stderr, /must specify at least one of --store or --seal/)
    r = await run('storage', 'attach', p)
    assert.match(r.stderr, /already opened/)
    r = await run('storage', 'attach', '--init', '--store', '--max-storage', 'lots', join(root, 'bad'))
    assert.match(r.stderr, /parsing max-storage: invalid size: 'lots'/)

    mkdirSync(join(p, 'sealed'), { recursive: true })
    writeFileSync(join(p, 'sealed', 's-t01000-3'), 'x')
    assert.equal((await run('storage', 'redeclare')).code !== 0, true)
    r = await run('storage', 'redeclare', '--all')
    assert.equal(r.code, 0, r.stderr)

    r = await run('storage', 'list')
    assert.equal(r.code, 0, r.stderr)
    const bar = '#'.repeat(20) + ' '.repeat(30)
    assert.equal(r.stdout, [
      `${meta.ID}:`,
      `\t[${bar}] 40 GiB/100 GiB 40% (filesystem)`,
      `\t[${' '.repeat(50)}] 0 B/2 GiB 0% (limit)`,
      '\tUnsealed: 0; Sealed: 1; Caches: 0; Updated: 0; Update-caches: 0; Reserved: 0 B',
      '\tWeight: 20; Use: Seal ',
      '\tGroups: g1, g2',
      `\tLocal: ${p}`,
      '\tURL: http://127.0.0.1:2345/remote',
      '', ''
    ].join('\n'))

    r = await run('storage', 'find', '3')
    assert.equal(r.stdout, [
      `In ${meta.ID} (Sealed)`,
      '\tSealing: true; Storage: false',
      `\tLocal (${p})`,
      '\tURL: http://127.0.0.1:2345/remote/sealed/s-t01000-3',
      ''
    ].join('\n'))
    assert.match((await run('storage', 'find')).stderr, /Usage: lotus-miner storage find \[sector number\]/)

    r = await run('storage', 'detach', p)
    assert.match(r.stderr, /pass --really-do-it to execute the action/)
    r = await run('storage', 'detach', '--really-do-it', p)
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(await index.StorageList(), {})
    local.close()
  })

  test('sizes print as Lotus SizeStr', () => {
    assert.equal(sizeStr(0), '0 B')
    assert.equal(sizeStr(1536), '1.5 KiB')
    assert.equal(sizeStr(100 * GiB), '100 GiB')
    assert.equal(sizeStr(1234567), '1.177 MiB')
  })
})
