/**
 * HTTP piece retrieval, as booster-http's `GET /piece/<pieceCid>`: the unpadded piece of a deal
 * this provider stored, read from the sector's unsealed copy wherever the sector index says it
 * lives (the mining node's `/remote`, fetched by byte range with the index API's token) and
 * fr32-unpadded on the way out. Only pieces of deals handed to the sealer are served.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { StorageApi } from '../../api/sector-index.js'
import { parseCid } from '../../core/cid.js'
import { fr32Unpad } from '../../core/piece/index.js'
import type { ActorId, SectorNumber } from '../../core/types.js'
import type { Logger } from '../../log/index.js'
import type { ProviderDeal } from '../deals/deal.js'

export const PIECE_PATH = '/piece'
const FT_UNSEALED = 1

export interface PieceServerDeps {
  deals: () => readonly ProviderDeal[]
  index: Pick<StorageApi, 'StorageFindSector'>
  /** The miner actor ID and sector size, to find the sector's files. */
  minerId: ActorId
  sectorSize: number
  /** Bearer token the storage paths' `/remote` accepts. */
  remoteToken: string
  log: Logger
}

export class PieceServer {
  constructor (private readonly deps: PieceServerDeps) {}

  handleRequest (req: IncomingMessage, res: ServerResponse): void {
    this.serve(req, res).catch((err: unknown) => {
      this.deps.log.warn({ err: (err as Error).message, url: req.url }, 'piece retrieval failed')
      if (res.headersSent) { res.destroy(); return }
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${(err as Error).message}\n`)
    })
  }

  private async serve (req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = (req.url ?? '').split('?')[0]!.slice(PIECE_PATH.length + 1)
    if (req.method !== 'GET' && req.method !== 'HEAD') { fail(res, 405, 'only GET and HEAD'); return }
    let cid
    try {
      cid = parseCid(decodeURIComponent(text), 'piece CID in the URL')
    } catch (err) {
      fail(res, 400, (err as Error).message)
      return
    }
    const deal = this.deps.deals().find((d) => d.ClientDealProposal.Proposal.PieceCID.equals(cid) && (d.Checkpoint === 'AddedPiece' || (d.Checkpoint === 'Complete' && d.Error === '' && d.SectorNumber > 0)))
    if (deal === undefined) { fail(res, 404, `piece ${cid.toString()} is not in any deal stored here`); return }
    const size = deal.ClientDealProposal.Proposal.PieceSize
    const sector = { miner: this.deps.minerId, number: deal.SectorNumber as SectorNumber }
    const found = await this.deps.index.StorageFindSector(sector, FT_UNSEALED, this.deps.sectorSize, false)
    // The index lists each copy's file URL (`…/remote/unsealed/s-t0M-N`), as Lotus's does.
    const url = found.flatMap((s) => s.URLs)[0]
    if (url === undefined) { fail(res, 404, `no unsealed copy of sector ${deal.SectorNumber} holds piece ${cid.toString()}`); return }
    const upstream = await fetch(url, { headers: { Authorization: `Bearer ${this.deps.remoteToken}`, Range: `bytes=${deal.Offset}-${deal.Offset + size - 1}` } })
    if (upstream.status !== 206 || upstream.body === null) { fail(res, 502, `reading ${url}: HTTP ${upstream.status}`); return }
    res.writeHead(200, { 'Content-Type': 'application/piece', 'Content-Length': String(size / 128 * 127) })
    if (req.method === 'HEAD') { await upstream.body.cancel(); res.end(); return }
    // Unpad whole 128-byte quads as they arrive; a partial quad waits for the rest.
    let carry = new Uint8Array(0)
    for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) {
      const joined = new Uint8Array(carry.length + chunk.length)
      joined.set(carry)
      joined.set(chunk, carry.length)
      const whole = joined.length - (joined.length % 128)
      if (whole > 0 && !res.write(fr32Unpad(joined.subarray(0, whole), url))) await new Promise((resolve) => res.once('drain', resolve))
      carry = joined.slice(whole)
    }
    res.end()
  }
}

function fail (res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain' }).end(`${message}\n`)
}
