/**
 * The client's side of an online deal's data transfer: each deal's CAR is offered at
 * `/client/transfer/<id>` on this node's API server, behind a bearer token made for that deal
 * alone, with Range support so a provider that restarted resumes where it stopped. Offers are
 * kept in the datastore, so they outlive a restart of this node.
 */
import { randomBytes } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import type { Datastore } from '../repo/datastore.js'
import { MetadataKeys } from '../repo/keys.js'

export const TRANSFER_PATH = '/client/transfer'
const PREFIX = MetadataKeys.clientTransfers.prefix

interface Offer { carPath: string, token: string }

export class TransferOffers {
  constructor (private readonly ds: Datastore) {}

  /** Offers `carPath`; returns the URL path and the `Authorization` header the provider must send. */
  offer (carPath: string): { path: string, authorization: string } {
    const id = randomBytes(16).toString('hex')
    const token = randomBytes(32).toString('base64url')
    this.ds.put(`${PREFIX}/${id}`, Buffer.from(JSON.stringify({ carPath, token } satisfies Offer)))
    return { path: `${TRANSFER_PATH}/${id}`, authorization: `Bearer ${token}` }
  }

  /** Takes an offer back (its deal was refused or never reached the provider). */
  withdraw (path: string): void {
    const id = path.slice(TRANSFER_PATH.length + 1)
    this.ds.delete(`${PREFIX}/${id}`)
  }

  /** The HTTP route serving the offers. */
  handleRequest (req: IncomingMessage, res: ServerResponse): void {
    const id = /^\/client\/transfer\/([0-9a-f]{32})$/.exec((req.url ?? '').split('?')[0]!)?.[1]
    const raw = id === undefined ? undefined : this.ds.get(`${PREFIX}/${id}`)
    if (raw === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such transfer\n')
      return
    }
    const offer = JSON.parse(Buffer.from(raw).toString('utf8')) as Offer
    const given = Buffer.from(req.headers.authorization ?? '')
    const want = Buffer.from(`Bearer ${offer.token}`)
    if (given.length !== want.length || !timingSafeEqual(given, want)) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('wrong or missing transfer token\n')
      return
    }
    let size: number
    try {
      size = statSync(offer.carPath).size
    } catch {
      res.writeHead(410, { 'Content-Type': 'text/plain' }).end('the imported data is gone\n')
      return
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    const from = range === null ? 0 : Number(range[1])
    if (range !== null && from >= size) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end()
      return
    }
    res.writeHead(range === null ? 200 : 206, {
      'Content-Type': 'application/vnd.ipld.car',
      'Content-Length': String(size - from),
      'Accept-Ranges': 'bytes',
      ...(range === null ? {} : { 'Content-Range': `bytes ${from}-${size - 1}/${size}` })
    })
    if (req.method === 'HEAD') { res.end(); return }
    // A file that stats but cannot be read (a folder, no permission, gone since) ends the answer, not the node.
    createReadStream(offer.carPath, { start: from }).on('error', () => { res.destroy() }).pipe(res)
  }
}
