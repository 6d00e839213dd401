/**
 * `lotus-miner init --genesis-miner`'s import of pre-sealed sectors (Lotus `migratePreSealMeta`):
 * each sector of the `lotus-seed` manifest becomes a sealing record in `Proving`, with its
 * CommD/CommR and its genesis self-deal as the one piece, and `/storage/nextid` moves past the
 * highest number. The sector files stay where `lotus-seed` wrote them; that folder is attached as
 * a storage path (its `sectorstore.json` made if missing).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { GenesisMiner, PreSeal } from '../../chain/genesis/index.js'
import type { Address } from '../../core/address/index.js'
import { InvalidInputError } from '../../core/errors.js'
import type { PaddedPieceSize } from '../../core/piece/index.js'
import type { ChainEpoch, DealId, SectorNumber } from '../../core/types.js'
import type { Datastore, LocalStorageMeta, StorageConfig } from '../../repo/index.js'
import { SECTOR_STORE_META_FILE, readLocalStorageMeta } from '../../repo/index.js'
import { SectorStore } from '../../sealing/index.js'
import { newSectorRecord, type SectorRecord } from '../../sealing/record.js'
import { initStoragePath } from '../../storage/index.js'

/** Picks the manifest entry of `actor` from a `pre-seal-<miner>.json`. */
export function preSealMinerFor (manifest: ReadonlyMap<string, GenesisMiner>, actor: Address, source: string): GenesisMiner {
  const m = manifest.get(actor.toString()) ?? [...manifest.values()].find((x) => x.ID.equals(actor))
  if (m === undefined) {
    throw new InvalidInputError('ERR_PRESEAL_MINER', `miner ${actor.toString()} not found in the pre-seal metadata (it describes ${[...manifest.keys()].join(', ') || 'no miner'})`,
      { value: actor.toString(), source })
  }
  return m
}

/** The record Lotus writes for one pre-sealed sector: Proving, its deal as the only piece. */
export function preSealRecord (s: PreSeal, dealId: DealId): SectorRecord {
  const r = newSectorRecord(s.SectorID as SectorNumber, s.ProofType)
  const d = s.Deal
  r.State = 'Proving'
  r.CommD = s.CommD
  r.CommR = s.CommR
  r.Pieces = [{
    Piece: { Size: d.PieceSize as PaddedPieceSize, PieceCID: d.PieceCID },
    DealInfo: {
      PublishCid: null,
      DealID: dealId,
      DealProposal: { ...d, PieceSize: d.PieceSize as PaddedPieceSize, StartEpoch: d.StartEpoch as ChainEpoch, EndEpoch: d.EndEpoch as ChainEpoch },
      DealSchedule: { StartEpoch: d.StartEpoch as ChainEpoch, EndEpoch: d.EndEpoch as ChainEpoch },
      KeepUnsealed: true
    }
  }]
  return r
}

/**
 * Records the miner's pre-sealed sectors as Proving. `dealIdOf` gives each sector's genesis deal
 * ID (looked up on chain by the caller). Returns how many sectors were imported.
 */
export function importPreSealedSectors (ds: Datastore, miner: GenesisMiner, dealIdOf: (s: PreSeal, index: number) => DealId): number {
  const store = new SectorStore(ds)
  const now = Math.floor(Date.now() / 1000)
  miner.Sectors.forEach((s, i) => {
    store.create(preSealRecord(s, dealIdOf(s, i)), {
      Kind: 'event;sealing.SectorRestart', Timestamp: now, Trace: '', Message: `imported pre-sealed sector ${s.SectorID} (genesis miner ${miner.ID.toString()})`
    })
  })
  return miner.Sectors.length
}

/**
 * Makes `dir` a storage path if it is not one yet (as `lotus-seed pre-seal` does: store only,
 * weight 0) and lists it in `storage.json`. Returns its metadata.
 */
export function attachPreSealDir (dir: string, storage: { setStorage: (m: (c: StorageConfig) => void) => void }): LocalStorageMeta {
  const meta = existsSync(join(dir, SECTOR_STORE_META_FILE))
    ? readLocalStorageMeta(dir)
    : initStoragePath(dir, { weight: 0, store: true })
  storage.setStorage((cfg) => {
    const paths = cfg.StoragePaths ?? []
    if (!paths.some((p) => p.Path === dir)) paths.push({ Path: dir })
    cfg.StoragePaths = paths
  })
  return meta
}
