/**
 * Pre-sealed sectors for a genesis miner (Lotus `lotus-seed pre-seal`, cmd/lotus-seed/seed):
 * each sector is one piece of random data, sealed with the dev proof system and laid out as a
 * storage path (`unsealed/`, `sealed/`, `cache/`, `sectorstore.json`), and the miner is
 * described in `pre-seal-<miner>.json` with a self-deal per sector, its key in
 * `pre-seal-<miner>.key` (hex KeyInfo).
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdir, open, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { blake2b } from '@noble/hashes/blake2.js'
import { Protocol, type Address } from '../../core/address/index.js'
import { formatKeyInfoHex, generateKey, keyAddress, type KeyInfo } from '../../core/crypto/index.js'
import { CommPCalc, fr32Pad } from '../../core/piece/index.js'
import {
  SECTOR_FILE_FOLDERS, SectorFileType, sealProofSectorSize, sectorId, sectorName, type RegisteredSealProof, type SectorId
} from '../../core/sector/index.js'
import type { TokenAmount } from '../../core/types.js'
import { clearCache, sealPreCommit1, sealPreCommit2 } from '../../proofs/index.js'
import { GenesisInputError } from './errors.js'
import { dummyPeerId } from './peer-id.js'
import { formatIndentedJson, preSealFileToJson } from './template-json.js'
import type { GenesisMiner, PreSeal } from './template-types.js'

/** Lotus's default `--ticket-preimage`; the ticket is its blake2b-256. */
export const DEFAULT_TICKET_PREIMAGE = 'lotus is fire'

/** The deal end epoch Lotus writes into pre-seal deals (genesis replaces it with the sector's expiration). */
export const PRESEAL_DEAL_END_EPOCH = 9001

export interface PreSealOptions {
  /** The miner's future ID address (t01000 for the first genesis miner). */
  minerAddr: Address
  proofType: RegisteredSealProof
  numSectors: number
  /** The first sector number (`--sector-offset`). */
  sectorOffset?: number
  /** The storage path to fill (`--sector-dir`). */
  sectorDir: string
  /** The owner/worker key to reuse; default a new BLS key, as Lotus makes. */
  key?: KeyInfo
  ticketPreimage?: string
  /**
   * Keep the unsealed copies and the CommD tree rows (what a PoRep needs). Lotus drops both
   * once sealed; the default does the same.
   */
  keepUnsealed?: boolean
  /** Told of each sector as it is sealed. */
  onSector?: (sector: SectorId, preseal: PreSeal) => void
}

export interface PreSealResult {
  miner: GenesisMiner
  key: KeyInfo
}

/** Bytes of random payload handled at once: 127 × 8192 (1 MiB once fr32-padded). */
const PAYLOAD_CHUNK = 127 * 8192

/** Writes an unsealed sector of random data and returns its piece CID (= CommD, one full piece). */
async function writeRandomUnsealed (path: string, sectorSize: number): Promise<ReturnType<CommPCalc['digest']>> {
  const payload = sectorSize / 128 * 127
  const calc = new CommPCalc({ source: path })
  const fh = await open(path, 'w')
  try {
    let position = 0
    for (let done = 0; done < payload; done += PAYLOAD_CHUNK) {
      const chunk = randomBytes(Math.min(PAYLOAD_CHUNK, payload - done))
      calc.write(chunk)
      const padded = fr32Pad(chunk, path)
      await fh.write(padded, 0, padded.length, position)
      position += padded.length
    }
  } finally {
    await fh.close()
  }
  return calc.digest()
}

function sectorPaths (root: string, id: SectorId): { unsealed: string, sealed: string, cache: string } {
  const name = sectorName(id)
  return {
    unsealed: join(root, SECTOR_FILE_FOLDERS[SectorFileType.Unsealed], name),
    sealed: join(root, SECTOR_FILE_FOLDERS[SectorFileType.Sealed], name),
    cache: join(root, SECTOR_FILE_FOLDERS[SectorFileType.Cache], name)
  }
}

async function presealSector (root: string, id: SectorId, proofType: RegisteredSealProof, ticket: Uint8Array, keep: boolean): Promise<Omit<PreSeal, 'Deal' | 'DealClientKey'>> {
  const size = sealProofSectorSize(proofType)
  const paths = sectorPaths(root, id)
  const piece = await writeRandomUnsealed(paths.unsealed, size)
  const phase1 = await sealPreCommit1({
    proofType, sector: id, ticket, pieces: [{ size, pieceCid: piece.pieceCid }],
    unsealedPath: paths.unsealed, sealedPath: paths.sealed, cacheDirPath: paths.cache
  })
  const cids = await sealPreCommit2({ phase1Output: phase1, sealedPath: paths.sealed, cacheDirPath: paths.cache })
  if (!keep) {
    // FinalizeSector, then Lotus's cleanupUnsealed.
    await clearCache(paths.cache)
    await rm(paths.unsealed, { force: true })
  }
  return { CommR: cids.sealed, CommD: cids.unsealed, SectorID: id.number, ProofType: proofType }
}

/** Seals the sectors and describes the miner (Lotus `seed.PreSeal`). Files go under `sectorDir`. */
export async function preSeal (options: PreSealOptions): Promise<PreSealResult> {
  const { minerAddr, proofType, sectorDir } = options
  if (minerAddr.protocol !== Protocol.ID) {
    throw new GenesisInputError(`miner address ${minerAddr.toString()} is not an ID address (t0…)`, { value: minerAddr.toString(), source: '--miner-addr' })
  }
  if (!Number.isSafeInteger(options.numSectors) || options.numSectors < 0) {
    throw new GenesisInputError(`number of sectors must be a non-negative integer, got ${options.numSectors}`, { value: options.numSectors, source: '--num-sectors' })
  }
  const offset = options.sectorOffset ?? 0
  const size = sealProofSectorSize(proofType)
  const key = options.key ?? generateKey('bls')
  const owner = keyAddress(key, '--key')
  const ticket = blake2b(new TextEncoder().encode(options.ticketPreimage ?? DEFAULT_TICKET_PREIMAGE), { dkLen: 32 })

  for (const t of [SectorFileType.Unsealed, SectorFileType.Sealed, SectorFileType.Cache] as const) {
    await mkdir(join(sectorDir, SECTOR_FILE_FOLDERS[t]), { recursive: true })
  }
  const sectors: PreSeal[] = []
  for (let i = 0; i < options.numSectors; i++) {
    const id = sectorId(minerAddr.id(), offset + i, '--sector-offset')
    const sealed = await presealSector(sectorDir, id, proofType, ticket, options.keepUnsealed === true)
    const preseal: PreSeal = {
      ...sealed,
      // Lotus's createDeals: a zero-price self-deal by the worker key, labelled with the sector's index.
      Deal: {
        PieceCID: sealed.CommD,
        PieceSize: size,
        VerifiedDeal: false,
        Client: owner,
        Provider: minerAddr,
        Label: String(i),
        StartEpoch: 0,
        EndEpoch: PRESEAL_DEAL_END_EPOCH,
        StoragePricePerEpoch: 0n as TokenAmount,
        ProviderCollateral: 0n as TokenAmount,
        ClientCollateral: 0n as TokenAmount
      },
      DealClientKey: key
    }
    sectors.push(preseal)
    options.onSector?.(id, preseal)
  }
  await writeSectorStoreMeta(sectorDir)
  const miner: GenesisMiner = {
    ID: minerAddr,
    Owner: owner,
    Worker: owner,
    PeerId: dummyPeerId(),
    MarketBalance: 0n as TokenAmount,
    PowerBalance: 0n as TokenAmount,
    SectorSize: size,
    Sectors: sectors
  }
  return { miner, key }
}

/** A read-only storage path's `sectorstore.json` (Weight 0, neither seal nor store), as Lotus writes it. */
async function writeSectorStoreMeta (sectorDir: string): Promise<void> {
  const meta = {
    ID: randomUUID(),
    Weight: 0,
    CanSeal: false,
    CanStore: false,
    MaxStorage: 0,
    Groups: null,
    AllowTo: null,
    AllowTypes: null,
    DenyTypes: null,
    AllowMiners: null,
    DenyMiners: null
  }
  await writeFile(join(sectorDir, 'sectorstore.json'), formatIndentedJson(meta))
}

/** `pre-seal-<miner>.json` and `.key` in `sectorDir` (Lotus `seed.WriteGenesisMiner`); returns their paths. */
export async function writeGenesisMiner (sectorDir: string, minerAddr: Address, miner: GenesisMiner, key: KeyInfo): Promise<{ json: string, key: string }> {
  const base = join(sectorDir, `pre-seal-${minerAddr.toString()}`)
  await writeFile(`${base}.json`, formatIndentedJson(preSealFileToJson(minerAddr, miner)), { mode: 0o664 })
  // The key is a secret: readable by its owner only, unlike Lotus's 0664.
  await writeFile(`${base}.key`, formatKeyInfoHex(key), { mode: 0o600 })
  return { json: `${base}.json`, key: `${base}.key` }
}
