/**
 * `lotus-miner storage attach|detach|redeclare|list|find` (Lotus `cmd/lotus-miner/storage.go`),
 * with Lotus's flags, messages and output (usage bars, counts per file type, weight and use,
 * local folder and URLs). Every call goes to the mining node.
 */
import { Command, Option } from 'commander'
import { type Decl, type FsStat, StorageContract, type StorageApi } from '../../api/sector-index.js'
import { InvalidInputError } from '../../core/errors.js'
import type { ActorId } from '../../core/types.js'
import { SectorFileType, sectorId } from '../../core/sector/index.js'
import { FT_ALL, deniedTypes, expandPath, fileTypesIn, fileTypeName, initStoragePath } from '../../storage/index.js'
import { withNodeApi } from '../node-api.js'
import { programInfo, routeTo } from '../routing.js'

export interface StorageCommandDeps {
  /** The miner's actor ID (`ActorAddress` on the miner API), for `storage find`. */
  minerActorId: (cmd: Command) => Promise<ActorId | bigint>
}

type Api = Pick<StorageApi, 'StorageList' | 'StorageLocal' | 'StorageStat' | 'StorageInfo' | 'StorageFindSector' |
'StorageAddLocal' | 'StorageDetachLocal' | 'StorageRedeclareLocal'>

const collect = (v: string, prev: string[] = []): string[] => [...prev, ...v.split(',').filter((s) => s !== '')]

export function storageCommand (deps: StorageCommandDeps): Command {
  const storage = routeTo(new Command('storage').description('manage sector storage'), 'miner')
  const out = (cmd: Command, text: string): void => { programInfo(cmd).io.stdout(text) }
  const call = async <T>(cmd: Command, body: (api: Api) => Promise<T>): Promise<T> =>
    await withNodeApi(cmd, StorageContract, async (api) => await body(api))

  storage.command('attach')
    .description('attach local storage path')
    .argument('[path]')
    .option('--init', 'initialize the path first')
    .addOption(new Option('--weight <n>', '(for init) path weight').default('10'))
    .option('--seal', '(for init) use path for sealing')
    .option('--store', '(for init) use path for long-term storage')
    .option('--max-storage <size>', '(for init) limit storage space for sectors (expensive for very large paths!)')
    .option('--groups <name>', 'path group names', collect)
    .option('--allow-to <name>', 'path groups allowed to pull data from this path (allow all if not specified)', collect)
    .action(async (arg: string | undefined, o: AttachOpts, cmd: Command) => {
      await call(cmd, async (api) => {
        if (arg === undefined || arg === '') throw new InvalidInputError('ERR_ARGS', 'must specify storage path to attach')
        const p = expandPath(arg)
        if (o.init === true) {
          initStoragePath(p, {
            weight: parseUint(o.weight, '--weight'),
            seal: o.seal,
            store: o.store,
            maxStorage: o.maxStorage === undefined ? 0 : parseSize(o.maxStorage, '--max-storage'),
            groups: o.groups,
            allowTo: o.allowTo
          })
        }
        await api.StorageAddLocal(p)
      })
    })

  storage.command('detach')
    .description('detach local storage path')
    .argument('[path]')
    .option('--really-do-it', '')
    .action(async (arg: string | undefined, o: { reallyDoIt?: boolean }, cmd: Command) => {
      await call(cmd, async (api) => {
        if (arg === undefined || arg === '') throw new InvalidInputError('ERR_ARGS', 'must specify storage path')
        const p = expandPath(arg)
        if (o.reallyDoIt !== true) throw new InvalidInputError('ERR_ARGS', 'pass --really-do-it to execute the action')
        await api.StorageDetachLocal(p)
      })
    })

  storage.command('redeclare')
    .description('redeclare sectors in a local storage path')
    .option('--id <id>', 'storage path ID')
    .option('--all', 'redeclare all storage paths')
    .option('--drop-missing', 'Drop index entries with missing files')
    .action(async (o: { id?: string, all?: boolean, dropMissing?: boolean }, cmd: Command) => {
      await call(cmd, async (api) => {
        if (o.id !== undefined && o.all === true) throw new InvalidInputError('ERR_ARGS', "--id and --all can't be passed at the same time")
        if (o.id !== undefined) return await api.StorageRedeclareLocal(o.id, o.dropMissing === true)
        if (o.all === true) return await api.StorageRedeclareLocal(null, o.dropMissing === true)
        throw new InvalidInputError('ERR_ARGS', 'either --all or --id must be specified')
      })
    })

  storage.command('list')
    .description('list local storage paths')
    .option('--color', 'use color in display output')
    .action(async (_o: unknown, cmd: Command) => {
      await call(cmd, async (api) => { out(cmd, await storageList(api)) })
    })

  storage.command('find')
    .description('find sector in the storage system')
    .argument('[sector number]')
    .action(async (arg: string | undefined, _o: unknown, cmd: Command) => {
      await call(cmd, async (api) => {
        const miner = await deps.minerActorId(cmd)
        if (arg === undefined || arg === '') throw new InvalidInputError('ERR_ARGS', 'Usage: lotus-miner storage find [sector number]')
        const sid = sectorId(miner, parseUint(arg, 'sector number'), 'sector number')
        out(cmd, await storageFind(api, sid))
      })
    })

  return storage
}

interface AttachOpts {
  init?: boolean
  weight: string
  seal?: boolean
  store?: boolean
  maxStorage?: string
  groups?: string[]
  allowTo?: string[]
}

/** The text `storage list` prints. */
export async function storageList (api: Pick<Api, 'StorageList' | 'StorageLocal' | 'StorageStat' | 'StorageInfo'>): Promise<string> {
  const st = await api.StorageList()
  const local = await api.StorageLocal()
  const rows: Array<{ id: string, sectors: Decl[], stat: FsStat | undefined }> = []
  for (const [id, sectors] of Object.entries(st)) {
    rows.push({ id, sectors, stat: await api.StorageStat(id).catch(() => undefined) })
  }
  rows.sort((a, b) => (b.stat?.Capacity ?? 0) - (a.stat?.Capacity ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

  let text = ''
  for (const row of rows) {
    const cnt = [0, 0, 0, 0, 0]
    for (const d of row.sectors) for (let i = 0; i < 5; i++) if ((d.SectorFileType & (1 << i)) !== 0) cnt[i]!++
    text += `${row.id}:\n`
    const started = performance.now()
    let s: FsStat
    try {
      s = await api.StorageStat(row.id)
    } catch (err) {
      text += `\tError: ${(err as Error).message}:\n`
      continue
    }
    const ping = performance.now() - started
    text += `\t[${bar(s.Capacity - s.FSAvailable - s.Reserved, s.Reserved, s.Capacity)}] ${sizeStr(s.Capacity - s.FSAvailable)}/${sizeStr(s.Capacity)} ${percent(s.Capacity - s.FSAvailable, s.Capacity)}%${s.Max > 0 ? ' (filesystem)' : ''}\n`
    if (s.Max > 0) {
      text += `\t[${bar(s.Used, s.Reserved, s.Max)}] ${sizeStr(s.Used)}/${sizeStr(s.Max)} ${percent(s.Used, s.Max)}% (limit)\n`
    }
    text += `\tUnsealed: ${cnt[0]!}; Sealed: ${cnt[1]!}; Caches: ${cnt[2]!}; Updated: ${cnt[3]!}; Update-caches: ${cnt[4]!}; Reserved: ${sizeStr(s.Reserved)}\n`
    const si = await api.StorageInfo(row.id)
    text += '\t'
    if (si.CanSeal || si.CanStore) text += `Weight: ${si.Weight}; Use: ${si.CanSeal ? 'Seal ' : ''}${si.CanStore ? 'Store' : ''}`
    else text += 'Use: ReadOnly'
    text += '\n'
    if (si.Groups.length > 0) text += `\tGroups: ${si.Groups.join(', ')}\n`
    if (si.AllowTo.length > 0) text += `\tAllowTo: ${si.AllowTo.join(', ')}\n`
    if (si.AllowTypes.length > 0 || si.DenyTypes.length > 0) {
      const denied = deniedTypes(FT_ALL, si.AllowTypes, si.DenyTypes)
      const allowed = FT_ALL ^ denied
      const names = (m: number): string => fileTypesIn(m).map(fileTypeName).join(' ')
      if (allowed === 0) text += '\tAllow Types: None\n'
      else if (fileTypesIn(allowed).length < fileTypesIn(denied).length) text += `\tAllow Types: ${names(allowed)}\n`
      else text += `\tDeny Types:  ${names(denied)}\n`
    }
    const localPath = local[row.id]
    if (localPath !== undefined) text += `\tLocal: ${localPath}\n`
    si.URLs.forEach((u, i) => {
      const rtt = localPath === undefined && i === 0 ? ` (latency: ${goDuration(ping)})` : ''
      text += `\tURL: ${u}${rtt}\n`
    })
    text += '\n'
  }
  return text
}

/** The text `storage find` prints. */
export async function storageFind (api: Pick<Api, 'StorageFindSector' | 'StorageLocal'>, sid: ReturnType<typeof sectorId>): Promise<string> {
  const kinds: Array<[number, string]> = [
    [SectorFileType.Unsealed, 'Unsealed'], [SectorFileType.Sealed, 'Sealed'], [SectorFileType.Cache, 'Cache'],
    [SectorFileType.Update, 'Update'], [SectorFileType.UpdateCache, 'UpdateCache']
  ]
  const byId = new Map<string, { canSeal: boolean, canStore: boolean, urls: string[], types: string[] }>()
  for (const [t, label] of kinds) {
    let found
    try {
      found = await api.StorageFindSector(sid, t, 0, false)
    } catch (err) {
      throw new InvalidInputError('ERR_FIND', `finding ${label.toLowerCase()}: ${(err as Error).message}`, { cause: err })
    }
    for (const info of found) {
      const e = byId.get(info.ID) ?? { canSeal: info.CanSeal, canStore: info.CanStore, urls: info.URLs, types: [] }
      e.types.push(label)
      byId.set(info.ID, e)
    }
  }
  const local = await api.StorageLocal()
  let text = ''
  for (const id of [...byId.keys()].sort()) {
    const e = byId.get(id)!
    text += `In ${id} (${e.types.join(', ')})\n`
    text += `\tSealing: ${e.canSeal}; Storage: ${e.canStore}\n`
    text += local[id] !== undefined ? `\tLocal (${local[id]})\n` : '\tRemote\n'
    for (const u of e.urls) text += `\tURL: ${u}\n`
  }
  return text
}

const BAR_COLS = 50

/** `#` for used, `*` for reserved, spaces for free, 50 columns as Lotus draws them. */
function bar (used: number, reserved: number, total: number): string {
  if (total <= 0) return ' '.repeat(BAR_COLS)
  const set = Math.floor((used + reserved) * BAR_COLS / total)
  const u = Math.floor(used * BAR_COLS / total)
  const rep = (s: string, n: number): string => n > 0 ? s.repeat(n) : ''
  return rep('#', u) + rep('*', set - u) + rep(' ', BAR_COLS - set)
}

function percent (part: number, total: number): number {
  return total <= 0 ? 0 : Math.floor(part * 100 / total)
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']

/** Lotus types.SizeStr: `%.4g` and a binary unit (`1.5 GiB`, `10 MiB`). */
export function sizeStr (bytes: number): string {
  let f = bytes
  let i = 0
  while (f >= 1024 && i < UNITS.length - 1) {
    f /= 1024
    i++
  }
  return `${Number(f.toPrecision(4))} ${UNITS[i]!}`
}

/** Go's time.Duration String for a latency truncated to 100µs (`1.2ms`, `350µs`). */
function goDuration (ms: number): string {
  const us = Math.floor(ms * 10) * 100
  if (us < 1000) return `${us}µs`
  if (us < 1_000_000) return `${Number((us / 1000).toFixed(1))}ms`
  return `${Number((us / 1_000_000).toFixed(4))}s`
}

function parseUint (text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidInputError('ERR_FLAG_VALUE', `invalid value ${JSON.stringify(text)}: expected a non-negative integer`, { value: text, source: flag })
  return Number(text)
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30, t: 2 ** 40, tb: 2 ** 40, tib: 2 ** 40, p: 2 ** 50, pb: 2 ** 50, pib: 2 ** 50 }

/** go-units RAMInBytes: `100GiB`, `1.5t`, `2048` (units are binary). */
function parseSize (text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text)
  const unit = m === null ? undefined : SIZE_UNITS[m[2]!.toLowerCase()]
  if (m === null || unit === undefined) {
    throw new InvalidInputError('ERR_FLAG_VALUE', `parsing max-storage: invalid size: '${text}'`, { value: text, source: flag })
  }
  return Math.floor(Number(m[1]) * unit)
}
