/**
 * `lotus-shed market export-datastore` / `import-datastore` (Lotus `cmd/lotus-shed/market.go`):
 * the seed's way back to one process. Export copies the market prefixes of a stopped node's
 * metadata (`/deals/provider` with the stored ask, `/retrievals/provider`, `/storagemarket`) into
 * `<backup-dir>/markets.datastore.backup`; import merges such a file into another repo.
 * Both take the repo lock, so the node must be stopped.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Command, Option } from 'commander'
import { InvalidInputError } from '../../core/errors.js'
import { FsRepo, expandHome, isMarketKey, restoreInto, writeBackupFile } from '../../repo/index.js'

const BACKUP_FILE = 'markets.datastore.backup'

export function marketCommand (): Command {
  const market = new Command('market').description('Interact with the market actor')
  market.command('export-datastore')
    .description('export markets datastore key/values to a file')
    .addOption(new Option('--repo <path>', 'path to the repo'))
    .addOption(new Option('--backup-dir <dir>', 'path to the backup directory').default(process.env.TMPDIR ?? '/tmp'))
    .action((flags: { repo?: string, backupDir: string }) => { exportDatastore(flags) })
  market.command('import-datastore')
    .description('import markets datastore key/values from a backup file')
    .addOption(new Option('--repo <path>', 'path to the repo'))
    .addOption(new Option('--backup-path <file>', 'path to the backup file'))
    .action((flags: { repo?: string, backupPath?: string }) => { importDatastore(flags) })
  return market
}

function openRepo (repo: string | undefined): ReturnType<FsRepo<'StorageMiner'>['open']> {
  if (repo === undefined || repo === '') throw new InvalidInputError('ERR_ARGS', 'Required flag "repo" not set', { source: '--repo' })
  const r = new FsRepo('StorageMiner', repo)
  if (!r.exists()) throw new InvalidInputError('ERR_REPO', `repo does not exist: ${r.path}`, { value: repo, source: '--repo' })
  return r.open()
}

function exportDatastore (flags: { repo?: string, backupDir: string }): void {
  const lr = openRepo(flags.repo)
  try {
    const dir = resolve(expandHome(flags.backupDir))
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o775 })
    const entries = [...lr.metadata().query()].filter((e) => isMarketKey(e.key))
    for (const e of entries) process.stdout.write(`Exporting key ${e.key}\n`)
    const file = join(dir, BACKUP_FILE)
    writeBackupFile(file, entries)
    process.stdout.write(`Wrote backup file to ${file}\n`)
  } finally {
    lr.close()
  }
}

function importDatastore (flags: { repo?: string, backupPath?: string }): void {
  if (flags.backupPath === undefined || flags.backupPath === '') throw new InvalidInputError('ERR_ARGS', 'Required flag "backup-path" not set', { source: '--backup-path' })
  const lr = openRepo(flags.repo)
  try {
    const file = resolve(expandHome(flags.backupPath))
    process.stdout.write(`Importing from backup file ${file}\n`)
    restoreInto(lr.metadata(), file)
    process.stdout.write(`Completed importing from backup file ${file}\n`)
  } finally {
    lr.close()
  }
}
