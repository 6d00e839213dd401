import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, test } from 'node:test'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { type ClientDealRecord, ClientStore } from '../../../src/client/store.js'
import { openSqliteDatastore } from '../../../src/repo/datastore.js'
import { MetadataKeys } from '../../../src/repo/keys.js'
import { SAMPLE_PIECE, proposal, signed } from '../markets/deals/fixtures.js'

const IMPORTS = MetadataKeys.clientImports.prefix

async function cidOf (text: string): Promise<CID> {
  return CID.create(1, raw.code, await sha256.digest(Buffer.from(text)))
}

function importOf (root: CID, carPath: string): { root: CID, carPath: string, carSize: number, pieceCid: CID, pieceSize: number } {
  return { root, carPath, carSize: 1234, pieceCid: SAMPLE_PIECE.pieceCid, pieceSize: Number(SAMPLE_PIECE.pieceSize) }
}

function deal (createdAt: number, change: Partial<ClientDealRecord> = {}): ClientDealRecord {
  return {
    uuid: Uint8Array.from(randomBytes(16)),
    proposalCid: SAMPLE_PIECE.pieceCid,
    proposal: signed(proposal({ Label: `deal at ${createdAt}` })),
    providerPeer: '12D3KooWPeer',
    createdAt,
    state: 3,
    message: '',
    dealId: 0,
    ...change
  }
}

describe('ClientStore imports', () => {
  test('import IDs are 1, 2, 3… and the record comes back with its ID', async () => {
    const ds = openSqliteDatastore(':memory:')
    try {
      const store = new ClientStore(ds)
      const root = await cidOf('a')
      const ids = [1, 2, 3, 4].map((i) => store.addImport(importOf(root, `/imports/${i}.car`)).id)
      assert.deepEqual(ids, [1, 2, 3, 4])
      const rec = store.addImport(importOf(await cidOf('b'), '/imports/b.car'))
      assert.equal(rec.id, 5)
      assert.equal(rec.carPath, '/imports/b.car')
      assert.ok(rec.root.equals(await cidOf('b')))
    } finally {
      ds.close()
    }
  })

  test('IDs continue across a new ClientStore over the same datastore', async () => {
    const ds = openSqliteDatastore(':memory:')
    try {
      new ClientStore(ds).addImport(importOf(await cidOf('a'), '/a.car'))
      new ClientStore(ds).addImport(importOf(await cidOf('a'), '/a.car'))
      assert.equal(new ClientStore(ds).addImport(importOf(await cidOf('a'), '/a.car')).id, 3)
    } finally {
      ds.close()
    }
  })

  test('importByRoot returns the newest import of a root (by number, past 9) and undefined for an unknown root', async () => {
    const ds = openSqliteDatastore(':memory:')
    try {
      const store = new ClientStore(ds)
      const a = await cidOf('a')
      const b = await cidOf('b')
      for (let i = 1; i <= 11; i++) store.addImport(importOf(i === 3 ? b : a, `/imports/${i}.car`))
      store.addImport(importOf(b, '/imports/12.car'))
      store.addImport(importOf(await cidOf('c'), '/imports/13.car'))

      const newestA = store.importByRoot(a)
      assert.ok(newestA !== undefined)
      assert.equal(newestA.id, 11, 'id 11 beats id 9 even though "11" < "9" as a key')
      assert.equal(newestA.carPath, '/imports/11.car')
      assert.ok(newestA.root.equals(a))
      assert.ok(newestA.pieceCid.equals(SAMPLE_PIECE.pieceCid))
      assert.equal(newestA.carSize, 1234)
      assert.equal(newestA.pieceSize, Number(SAMPLE_PIECE.pieceSize))

      assert.equal(store.importByRoot(b)?.id, 12)
      assert.equal(store.importByRoot(await cidOf('unknown')), undefined)
    } finally {
      ds.close()
    }
  })

  test('importByRoot on an empty store is undefined', async () => {
    const ds = openSqliteDatastore(':memory:')
    try {
      assert.equal(new ClientStore(ds).importByRoot(await cidOf('a')), undefined)
    } finally {
      ds.close()
    }
  })

  test('the next-ID key is not an import: importByRoot skips it and imports are keyed by ID', async () => {
    const ds = openSqliteDatastore(':memory:')
    try {
      const store = new ClientStore(ds)
      const a = await cidOf('a')
      store.addImport(importOf(a, '/a.car'))
      store.addImport(importOf(a, '/a2.car'))
      assert.deepEqual([...ds.keys({ prefix: IMPORTS })].sort(), [`${IMPORTS}/1`, `${IMPORTS}/2`, `${IMPORTS}/next`])
      assert.equal(Buffer.from(ds.get(`${IMPORTS}/next`)!).toString(), '3')
      // A next value that happens to parse as an object with a root must still not be taken for an import.
      ds.put(`${IMPORTS}/next`, Buffer.from(JSON.stringify({ id: 99, root: a.toString(), pieceCid: a.toString(), carPath: '/next', carSize: 0, pieceSize: 0 })))
      assert.equal(store.importByRoot(a)?.id, 2)
    } finally {
      ds.close()
    }
  })

  test('a failed import write rolls back the ID', async () => {
    const ds = openSqliteDatastore(':memory:')
    try {
      const store = new ClientStore(ds)
      const a = await cidOf('a')
      store.addImport(importOf(a, '/a.car'))
      // A root whose toString throws aborts the transaction after `next` was bumped.
      const bad = { ...importOf(a, '/b.car'), root: { toString: () => { throw new Error('boom') } } as unknown as CID }
      assert.throws(() => store.addImport(bad), /boom/)
      assert.equal(store.addImport(importOf(a, '/c.car')).id, 2)
    } finally {
      ds.close()
    }
  })
})

describe('ClientStore deals', () => {
  test('putDeal/deals round trip: uuid bytes, CIDs, the CBOR proposal and the rest', async () => {
    const ds = openSqliteDatastore(':memory:')
    try {
      const store = new ClientStore(ds)
      const d = deal(1_700_000_000_000, { state: 26, message: 'failed: x', dealId: 42, proposalCid: await cidOf('proposal') })
      store.putDeal(d)
      const [got, ...rest] = store.deals()
      assert.equal(rest.length, 0)
      assert.ok(got !== undefined)
      assert.ok(got.uuid instanceof Uint8Array)
      assert.deepEqual(Buffer.from(got.uuid), Buffer.from(d.uuid))
      assert.ok(got.proposalCid.equals(d.proposalCid))
      assert.ok(got.proposal.Proposal.PieceCID.equals(d.proposal.Proposal.PieceCID))
      assert.equal(got.proposal.Proposal.Client.toString(), d.proposal.Proposal.Client.toString())
      assert.equal(got.proposal.Proposal.Provider.toString(), d.proposal.Proposal.Provider.toString())
      assert.deepEqual({ ...got.proposal.Proposal, PieceCID: null, Client: null, Provider: null }, { ...d.proposal.Proposal, PieceCID: null, Client: null, Provider: null })
      assert.equal(got.proposal.ClientSignature.type, d.proposal.ClientSignature.type)
      assert.deepEqual(Buffer.from(got.proposal.ClientSignature.data), Buffer.from(d.proposal.ClientSignature.data))
      assert.equal(got.providerPeer, d.providerPeer)
      assert.equal(got.createdAt, d.createdAt)
      assert.equal(got.state, 26)
      assert.equal(got.message, 'failed: x')
      assert.equal(got.dealId, 42)
      assert.ok(ds.has(`${MetadataKeys.clientDeals.prefix}/${Buffer.from(d.uuid).toString('hex')}`))
    } finally {
      ds.close()
    }
  })

  test('deals are sorted by createdAt, not by UUID', () => {
    const ds = openSqliteDatastore(':memory:')
    try {
      const store = new ClientStore(ds)
      const uuids = [0x30, 0x10, 0x20].map((b) => new Uint8Array(16).fill(b))
      store.putDeal(deal(2000, { uuid: uuids[0]! }))
      store.putDeal(deal(3000, { uuid: uuids[1]! }))
      store.putDeal(deal(1000, { uuid: uuids[2]! }))
      assert.deepEqual(store.deals().map((d) => d.createdAt), [1000, 2000, 3000])
      assert.deepEqual(store.deals().map((d) => d.uuid[0]), [0x20, 0x30, 0x10])
    } finally {
      ds.close()
    }
  })

  test('putDeal with the same UUID replaces the record', () => {
    const ds = openSqliteDatastore(':memory:')
    try {
      const store = new ClientStore(ds)
      const d = deal(1000)
      store.putDeal(d)
      store.putDeal({ ...d, state: 7, dealId: 9, message: 'sealing: Proving' })
      const all = store.deals()
      assert.equal(all.length, 1)
      assert.equal(all[0]!.state, 7)
      assert.equal(all[0]!.dealId, 9)
      assert.equal(all[0]!.message, 'sealing: Proving')
    } finally {
      ds.close()
    }
  })

  test('no deals: an empty list; imports are not deals', async () => {
    const ds = openSqliteDatastore(':memory:')
    try {
      const store = new ClientStore(ds)
      store.addImport(importOf(await cidOf('a'), '/a.car'))
      assert.deepEqual(store.deals(), [])
    } finally {
      ds.close()
    }
  })
})
