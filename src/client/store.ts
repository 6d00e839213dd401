/** The client's records in the daemon's metadata datastore: imports (by ID) and proposed deals (by UUID). */
import type { CID } from 'multiformats/cid'
import { parseCid } from '../core/cid.js'
import { decodeCbor, encodeCbor } from '../core/cbor/index.js'
import { type ClientDealProposal, clientDealProposalCbor } from '../chain/actors/builtin/market/types.js'
import type { Datastore } from '../repo/datastore.js'
import { MetadataKeys } from '../repo/keys.js'

export interface ImportRecord {
  id: number
  root: CID
  carPath: string
  carSize: number
  pieceCid: CID
  pieceSize: number
}

export interface ClientDealRecord {
  uuid: Uint8Array
  proposalCid: CID
  proposal: ClientDealProposal
  providerPeer: string
  createdAt: number
  /** storagemarket.StorageDealStatus code as last seen. */
  state: number
  message: string
  dealId: number
}

const IMPORTS = MetadataKeys.clientImports.prefix
const DEALS = MetadataKeys.clientDeals.prefix
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

export class ClientStore {
  constructor (private readonly ds: Datastore) {}

  addImport (r: Omit<ImportRecord, 'id'>): ImportRecord {
    return this.ds.transaction(() => {
      const next = Number(Buffer.from(this.ds.get(`${IMPORTS}/next`) ?? Buffer.from('1')).toString())
      this.ds.put(`${IMPORTS}/next`, Buffer.from(String(next + 1)))
      const rec = { ...r, id: next }
      this.ds.put(`${IMPORTS}/${next}`, Buffer.from(JSON.stringify({ ...rec, root: rec.root.toString(), pieceCid: rec.pieceCid.toString() })))
      return rec
    })
  }

  /** The newest import of `root`. */
  importByRoot (root: CID): ImportRecord | undefined {
    let found: ImportRecord | undefined
    for (const e of this.ds.query({ prefix: IMPORTS })) {
      if (e.key === `${IMPORTS}/next`) continue
      const j = JSON.parse(Buffer.from(e.value).toString()) as Omit<ImportRecord, 'root' | 'pieceCid'> & { root: string, pieceCid: string }
      if (j.root !== root.toString()) continue
      if (found === undefined || j.id > found.id) found = { ...j, root: parseCid(j.root, e.key), pieceCid: parseCid(j.pieceCid, e.key) }
    }
    return found
  }

  putDeal (d: ClientDealRecord): void {
    this.ds.put(`${DEALS}/${hex(d.uuid)}`, Buffer.from(JSON.stringify({
      ...d, uuid: hex(d.uuid), proposalCid: d.proposalCid.toString(), proposal: hex(encodeCbor(clientDealProposalCbor, d.proposal))
    })))
  }

  deals (): ClientDealRecord[] {
    return [...this.ds.query({ prefix: DEALS })].map((e) => {
      const j = JSON.parse(Buffer.from(e.value).toString()) as Omit<ClientDealRecord, 'uuid' | 'proposalCid' | 'proposal'> & { uuid: string, proposalCid: string, proposal: string }
      return {
        ...j,
        uuid: Uint8Array.from(Buffer.from(j.uuid, 'hex')),
        proposalCid: parseCid(j.proposalCid, e.key),
        proposal: decodeCbor(clientDealProposalCbor, Buffer.from(j.proposal, 'hex'), `${e.key} proposal`)
      }
    }).sort((a, b) => a.createdAt - b.createdAt)
  }
}
