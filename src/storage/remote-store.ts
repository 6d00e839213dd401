/**
 * Client side of `/remote` (Lotus `paths.Remote`): finds a sector file through the index and
 * reads it from a local path when this node has one, otherwise over HTTP from a node that
 * does, with the bearer token from `SectorIndexApiInfo`. The markets node reads pieces this way.
 */
import { createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { FsStat, type FsStat as FsStatType, type SectorIndexApi } from '../api/sector-index.js'
import { NelumboError } from '../core/errors.js'
import { type SectorId, sectorName } from '../core/sector/index.js'
import { type PathFileType, checkSingleFileType, fileTypeName } from './file-types.js'
import type { LocalStore } from './local-store.js'
import { extractTar } from './tar.js'

export interface RemoteStoreDeps {
  index: Pick<SectorIndexApi, 'StorageFindSector' | 'StorageInfo'>
  /** This node's own paths, read directly instead of over HTTP. */
  local?: Pick<LocalStore, 'has' | 'fsStat' | 'sectorPath'>
}

export interface RemoteStoreOptions {
  /** Admin token for other nodes' `/remote` (the token part of `SectorIndexApiInfo`). */
  token?: string
  fetch?: typeof fetch
}

export class RemoteFetchError extends NelumboError {
  constructor (readonly url: string, readonly status: number, detail: string) {
    super('ERR_REMOTE_FETCH', `fetching ${url}: ${detail}`)
  }
}

export class RemoteStore {
  private readonly fetch: typeof fetch

  constructor (private readonly deps: RemoteStoreDeps, private readonly options: RemoteStoreOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch
  }

  /** StorageStat: a local path's figures, or the first answer of its nodes' `/remote/stat/<id>`. */
  async fsStat (id: string): Promise<FsStatType> {
    if (this.deps.local?.has(id) === true) return await this.deps.local.fsStat(id)
    const info = await this.deps.index.StorageInfo(id)
    const errors: string[] = []
    for (const base of info.URLs) {
      const url = `${base.replace(/\/+$/, '')}/stat/${encodeURIComponent(id)}`
      try {
        const res = await this.get(url)
        return FsStat.fromJson(await res.json(), url)
      } catch (err) {
        errors.push((err as Error).message)
      }
    }
    throw new NelumboError('ERR_REMOTE_STAT', `storage stat of ${id} failed: ${errors.length === 0 ? 'path has no URLs' : errors.join('; ')}`)
  }

  /** `size` bytes at `offset` of a sector file (an unsealed piece read), from wherever it is. */
  async readRange (sector: SectorId, fileType: PathFileType, offset: number, size: number): Promise<Uint8Array> {
    checkSingleFileType(fileType, 'fileType')
    const found = await this.deps.index.StorageFindSector(sector, fileType, 0, false)
    const local = this.deps.local
    const here = found.find((f) => local?.has(f.ID) === true)
    if (here !== undefined && local !== undefined) {
      const fh = await open(local.sectorPath(here.ID, sector, fileType), 'r')
      try {
        const buf = new Uint8Array(size)
        const { bytesRead } = await fh.read(buf, 0, size, offset)
        if (bytesRead !== size) throw new NelumboError('ERR_SHORT_READ', `${sectorName(sector)} ${fileTypeName(fileType)}: read ${bytesRead} of ${size} bytes at ${offset}`)
        return buf
      } finally {
        await fh.close()
      }
    }
    return await this.firstOf(found.flatMap((f) => f.URLs), sector, fileType, async (url) => {
      const res = await this.get(url, { Range: `bytes=${offset}-${offset + size - 1}` })
      const body = new Uint8Array(await res.arrayBuffer())
      // A server that ignored the range sends the whole file (200): cut the part out.
      const part = res.status === 206 ? body : body.subarray(offset, offset + size)
      if (part.length !== size) throw new RemoteFetchError(url, res.status, `got ${part.length} of ${size} bytes`)
      return part
    })
  }

  /**
   * Downloads a sector file (or a cache folder, sent as tar) into `dest`. Written next to it
   * first and renamed, so a half-fetched file never looks complete.
   */
  async fetchSector (sector: SectorId, fileType: PathFileType, dest: string): Promise<string> {
    checkSingleFileType(fileType, 'fileType')
    const found = await this.deps.index.StorageFindSector(sector, fileType, 0, false)
    return await this.firstOf(found.flatMap((f) => f.URLs), sector, fileType, async (url) => {
      await this.fetchUrl(url, dest)
      return url
    })
  }

  /** GETs one `/remote` URL into `dest`: a file, or a folder when the node sends a tar. */
  async fetchUrl (url: string, dest: string): Promise<void> {
    const res = await this.get(url)
    if (res.body === null) throw new RemoteFetchError(url, res.status, 'empty body')
    const tmp = `${dest}.fetch-${process.pid}-${Date.now()}`
    await mkdir(dirname(dest), { recursive: true })
    try {
      const body = Readable.fromWeb(res.body as Parameters<typeof Readable.fromWeb>[0])
      if (res.headers.get('content-type') === 'application/x-tar') await extractTar(body, tmp)
      else await pipeline(body, createWriteStream(tmp))
      await rm(dest, { recursive: true, force: true })
      await rename(tmp, dest)
    } catch (err) {
      await rm(tmp, { recursive: true, force: true })
      throw err
    }
  }

  /** DELETE on another node's `/remote`. */
  async deleteUrl (url: string, keep: readonly string[] = []): Promise<void> {
    const u = keep.length > 0 ? `${url}?keep=${encodeURIComponent(keep.join('.'))}` : url
    const res = await this.fetch(u, { method: 'DELETE', headers: this.headers() })
    if (!res.ok) throw new RemoteFetchError(u, res.status, `HTTP ${res.status}: ${(await res.text()).trim()}`)
  }

  private headers (): Record<string, string> {
    const token = this.options.token
    return token === undefined || token === '' ? {} : { Authorization: `Bearer ${token}` }
  }

  private async get (url: string, extra: Record<string, string> = {}): Promise<Response> {
    const res = await this.fetch(url, { headers: { ...this.headers(), ...extra } })
    if (res.status !== 200 && res.status !== 206) {
      const text = (await res.text()).trim()
      throw new RemoteFetchError(url, res.status, `HTTP ${res.status}${text === '' ? '' : `: ${text}`}`)
    }
    return res
  }

  private async firstOf<T> (urls: string[], sector: SectorId, t: PathFileType, attempt: (url: string) => Promise<T>): Promise<T> {
    const errors: string[] = []
    for (const url of urls) {
      try {
        return await attempt(url)
      } catch (err) {
        errors.push((err as Error).message)
      }
    }
    throw new NelumboError('ERR_SECTOR_NOT_FOUND', `${fileTypeName(t)} file of sector ${sectorName(sector)} not available: ${errors.length === 0 ? 'no node declares it' : errors.join('; ')}`)
  }
}
