/**
 * Every key prefix of the metadata datastore, in one place. Keys are relative to the
 * `/metadata` namespace, as in Lotus's backups (`/miner-address`, not `/metadata/miner-address`).
 * Backup, `init restore` / `init service` and `lotus-shed market export-datastore` iterate this
 * registry instead of hard-coding strings; a new subsystem adds its prefix here first.
 * Retired prefixes stay listed with `retired: true` so old repos and backups still make sense.
 */

/** Namespace of the metadata datastore inside the repo's SQLite file. */
export const METADATA_NAMESPACE = '/metadata'

export type KeyOwner = 'sealing' | 'markets' | 'client' | 'repo' | 'chain'

export interface KeyPrefix {
  /** Path prefix; for `exact` entries, the key itself. */
  readonly prefix: string
  /** The key itself holds the value instead of being a parent of keys. */
  readonly exact?: boolean
  readonly owner: KeyOwner
  /** What the value is and how it is encoded. */
  readonly holds: string
  /** Copied by `lotus-shed market export-datastore` (Lotus exports exactly three prefixes). */
  readonly marketExport?: boolean
  readonly retired?: boolean
}

export const MetadataKeys = {
  minerAddress: { prefix: '/miner-address', exact: true, owner: 'sealing', holds: 'miner actor address, binary address bytes' },
  sectors: { prefix: '/sectors', owner: 'sealing', holds: '/sectors/<n>: sealing state machine record (SectorInfo), DAG-CBOR' },
  storageNextId: { prefix: '/storage/nextid', exact: true, owner: 'sealing', holds: 'next sector number to assign, uvarint' },
  storageSectorIds: { prefix: '/storage/sectorsids', owner: 'sealing', holds: 'sector numbers in use, bitfield; /reserved/<name> for reservations' },
  workerCalls: { prefix: '/worker/calls', owner: 'sealing', holds: 'in-flight calls to workers (sealing scheduler), CBOR' },
  stmgrCalls: { prefix: '/stmgr/calls', owner: 'sealing', holds: 'in-flight calls tracked by the sealing manager, CBOR' },
  dealsProvider: {
    prefix: '/deals/provider', owner: 'markets', marketExport: true,
    holds: 'storage-provider deal state machines (MinerDeal) keyed by proposal CID, CBOR; the stored ask at /deals/provider/storage-ask/latest'
  },
  storageAsk: { prefix: '/deals/provider/storage-ask', owner: 'markets', holds: 'storage ask; `latest` holds the SignedStorageAsk, CBOR' },
  clientImports: { prefix: '/client/imports', owner: 'client', holds: 'imported data for deals: <id> → root, CAR path and size, piece CID and size (JSON); `next` the next import ID' },
  clientDeals: { prefix: '/client/deals', owner: 'client', holds: 'storage deals this client proposed, by deal UUID (JSON with the CBOR proposal)' },
  clientTransfers: { prefix: '/client/transfers', owner: 'client', holds: 'data offered to providers over HTTP: <id> → CAR path and bearer token (JSON)' },
  providerDealRecords: { prefix: '/deals/provider/deals', owner: 'markets', holds: 'Boost-protocol deals (ProviderDeal) keyed by deal UUID, map CBOR; under /deals/provider so market exports carry them' },
  retrievalsProvider: { prefix: '/retrievals/provider', owner: 'markets', marketExport: true, holds: 'retrieval-provider deal state machines and the retrieval ask, CBOR' },
  storageMarket: { prefix: '/storagemarket', owner: 'markets', marketExport: true, holds: 'piece store: piece infos and payload CID infos, CBOR' },
  dataTransfers: { prefix: '/datatransfer/provider/transfers', owner: 'markets', holds: 'data-transfer channel states, CBOR' },
  indexProvider: { prefix: '/index-provider', owner: 'markets', holds: 'index-provider advertisement chain and entry chunks' },
  sealedBlocks: { prefix: '/sealedblocks', owner: 'markets', holds: 'payload CID -> sector/offset refs used by `sectors refs`, CBOR' },
  marketFunds: { prefix: '/marketfunds/provider', owner: 'markets', holds: 'reserved market funds (legacy)', retired: true },
  backupLogHead: { prefix: '/backupds/log/head', exact: true, owner: 'repo', holds: 'metadata log head: "<logfile>;<uuid>;<unix ts>"' }
} as const satisfies Record<string, KeyPrefix>

export type MetadataKeyName = keyof typeof MetadataKeys

/** Prefixes `lotus-shed market export-datastore` copies (Lotus: /deals/provider, /retrievals/provider, /storagemarket). */
export const marketExportPrefixes: readonly string[] = (Object.values(MetadataKeys) as KeyPrefix[])
  .filter((k) => k.marketExport === true).map((k) => k.prefix)

/** True when `key` is `prefix` itself or lies under it (path-aware: `/sectors` does not match `/sectorsx`). */
export function keyUnder (key: string, prefix: string): boolean {
  return key === prefix || key.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)
}

/** Key filter for market exports, usable as a backup `filter`. */
export function isMarketKey (key: string): boolean {
  return marketExportPrefixes.some((p) => keyUnder(key, p))
}

/** The registry entry that owns `key` (the longest matching prefix), if any. */
export function describeKey (key: string): KeyPrefix | undefined {
  let best: KeyPrefix | undefined
  for (const k of Object.values(MetadataKeys) as KeyPrefix[]) {
    if (!keyUnder(key, k.prefix)) continue
    if (k.exact === true && key !== k.prefix) continue
    if (best === undefined || k.prefix.length > best.prefix.length) best = k
  }
  return best
}

/** `/sectors/<n>` for a sector number. */
export function sectorKey (sectorNumber: number | bigint): string {
  return `${MetadataKeys.sectors.prefix}/${sectorNumber}`
}
