/**
 * The `/remote` HTTP API (Lotus `paths.FetchHandler` behind `ServeRemote`): other nodes fetch,
 * stat and delete this node's sector files with an admin token.
 *
 *   GET    /remote/stat/<storage ID>                                  FsStat JSON
 *   GET    /remote/<type>/<s-t0M-N>                                   file (Range ok) or tar of a cache folder
 *   GET    /remote/<type>/<s-t0M-N>/<proof type>/allocated/<off>/<size>   200 if present, 416 if not
 *   DELETE /remote/<type>/<s-t0M-N>[?keep=<id>.<id>]                  remove from local paths
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { type Authorize, type HttpRoute, authenticate } from '../rpc/index.js'
import { type SectorId, parseSectorName } from '../core/sector/index.js'
import type { Logger } from '../log/index.js'
import { logger } from '../log/index.js'
import { type PathFileType, fileTypeFromName } from './file-types.js'
import type { LocalStore } from './local-store.js'
import { PathNotFoundError } from './local-store.js'
import { tarDirectory } from './tar.js'

export interface RemoteHandlerDeps {
  local: Pick<LocalStore, 'acquireSector' | 'fsStat' | 'remove'>
  /** The node's token verifier; on a markets node it asks the sector-index node (StorageAuthVerify). */
  authorize: Authorize
}

export interface RemoteHandlerOptions { log?: Logger }

class HttpError extends Error {
  constructor (readonly status: number, message: string) {
    super(message)
  }
}

/** Mount with `router.mount('/remote', remoteHandler(...), { prefix: true })`. */
export function remoteHandler (deps: RemoteHandlerDeps, options: RemoteHandlerOptions = {}): HttpRoute {
  const log = options.log ?? logger('stores')
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Lotus: auth.Handler (no default perms), then ServeRemote's admin check.
    const perms = await authenticate(req, deps.authorize, [])
    if (perms === undefined) {
      res.writeHead(401, { 'Content-Length': '0' }).end()
      return
    }
    if (!perms.includes('admin')) {
      const body = JSON.stringify({ Error: 'unauthorized: missing write permission' }) + '\n'
      res.writeHead(401, { 'Content-Type': 'application/json' }).end(body)
      return
    }
    const url = new URL(req.url ?? '/', 'http://remote')
    const parts = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent)
    if (parts[0] !== 'remote') throw new HttpError(404, 'not found')
    const [, a, b, ...rest] = parts
    if (req.method === 'GET' && a === 'stat' && b !== undefined && rest.length === 0) {
      await remoteStat(res, b)
    } else if (req.method === 'GET' && a !== undefined && b !== undefined && rest.length === 0) {
      await remoteGetSector(req, res, ...sectorParams(a, b))
    } else if (req.method === 'GET' && a !== undefined && b !== undefined && rest.length === 4 && rest[1] === 'allocated') {
      await remoteAllocated(res, ...sectorParams(a, b), rest[2]!, rest[3]!)
    } else if (req.method === 'DELETE' && a !== undefined && b !== undefined && rest.length === 0) {
      const keep = (url.searchParams.get('keep') ?? '').split('.').filter((s) => s !== '')
      const [t, sector] = sectorParams(a, b)
      log.info(`SERVE DELETE ${req.url ?? ''}`)
      await deps.local.remove(sector, t, false, keep)
      res.writeHead(200, { 'Content-Length': '0' }).end()
    } else {
      throw new HttpError(404, `no /remote route for ${req.method ?? ''} ${url.pathname}`)
    }
  }

  const remoteStat = async (res: ServerResponse, id: string): Promise<void> => {
    try {
      const st = await deps.local.fsStat(id)
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(st) + '\n')
    } catch (err) {
      if (err instanceof PathNotFoundError) throw new HttpError(404, err.message)
      throw err
    }
  }

  const localFile = async (t: PathFileType, sector: SectorId): Promise<string> => {
    const found = await deps.local.acquireSector(sector, 0, t, 0, 'storage')
    const path = found.paths[t]
    if (path === undefined) throw new HttpError(404, `sector file not found here: ${t}/${sector.miner}-${sector.number}`)
    return path
  }

  const remoteGetSector = async (req: IncomingMessage, res: ServerResponse, t: PathFileType, sector: SectorId): Promise<void> => {
    const path = await localFile(t, sector)
    const st = await stat(path)
    if (st.isDirectory()) {
      if (req.headers.range !== undefined) throw new HttpError(500, 'Range not supported on directories')
      res.writeHead(200, { 'Content-Type': 'application/x-tar' })
      await pipeline(tarDirectory(path), res)
      return
    }
    const range = parseRange(req.headers.range, st.size)
    if (range === 'unsatisfiable') {
      res.writeHead(416, { 'Content-Range': `bytes */${st.size}`, 'Content-Length': '0' }).end()
      return
    }
    const headers: Record<string, string | number> = { 'Content-Type': 'application/octet-stream', 'Accept-Ranges': 'bytes' }
    if (range === undefined) {
      res.writeHead(200, { ...headers, 'Content-Length': st.size })
      if (st.size === 0 || req.method === 'HEAD') res.end()
      else await pipeline(createReadStream(path), res)
      return
    }
    const [start, end] = range
    res.writeHead(206, { ...headers, 'Content-Length': end - start + 1, 'Content-Range': `bytes ${start}-${end}/${st.size}` })
    await pipeline(createReadStream(path, { start, end }), res)
  }

  const remoteAllocated = async (res: ServerResponse, t: PathFileType, sector: SectorId, offText: string, sizeText: string): Promise<void> => {
    if (t !== 1) throw new HttpError(500, '/allocated only supports unsealed sector files')
    const off = parseNumber(offText, 'offset')
    const size = parseNumber(sizeText, 'size')
    const path = await localFile(t, sector)
    // Unpadded → padded bytes (127 → 128): the range is present when the file reaches its end.
    const paddedEnd = Math.ceil((off + size) * 128 / 127)
    const st = await stat(path)
    res.writeHead(st.size >= paddedEnd ? 200 : 416, { 'Content-Length': '0' }).end()
  }

  return {
    handleRequest: (req, res) => {
      serve(req, res).catch((err: unknown) => {
        const status = err instanceof HttpError ? err.status : (err as { code?: string }).code === 'ERR_INVALID_SECTOR_NAME' || (err as { code?: string }).code === 'ERR_SECTOR_FILE_TYPE' ? 400 : 500
        if (status === 500) log.error({ err }, `/remote ${req.method ?? ''} ${req.url ?? ''}`)
        if (res.headersSent) {
          res.destroy()
          return
        }
        const msg = `${(err as Error).message}\n`
        res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(msg) }).end(msg)
      })
    }
  }
}

function sectorParams (type: string, name: string): [PathFileType, SectorId] {
  return [fileTypeFromName(type, '/remote/<type>'), parseSectorName(name, '/remote/<type>/<sector>')]
}

function parseNumber (text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new HttpError(400, `parsing ${what}: ${JSON.stringify(text)} is not a non-negative integer`)
  return Number(text)
}

/** One `bytes=` range (what piece readers send); undefined = whole file. */
function parseRange (header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  if (header === undefined) return undefined
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (m === null || (m[1] === '' && m[2] === '')) throw new HttpError(400, `unsupported Range header ${JSON.stringify(header)}`)
  let start: number
  let end: number
  if (m[1] === '') {
    const n = Number(m[2])
    start = Math.max(0, size - n)
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start >= size || end < start) return 'unsatisfiable'
  return [start, end]
}
