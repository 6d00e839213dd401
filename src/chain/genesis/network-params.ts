/**
 * The devnet's network parameters: what Lotus fixes at build time (BlockDelaySecs, the actors'
 * policy) our devnet chooses per chain, in the genesis template. `makeGenesis` stores them in
 * the chain itself (see `genesis-block.ts`: the genesis state root's `Info` block), so a daemon
 * started from a genesis CAR reads back exactly the parameters the chain was made with.
 */
import { map, type CborCodec } from '../../core/cbor/index.js'
import { array, bigInt, uint } from '../../core/cbor/scalars.js'
import { isJsonObject } from '../../core/lotus-json/codec.js'
import { SECTOR_SIZES } from '../../core/sector/index.js'
import { GenesisInputError, jsonPath } from './errors.js'

export interface NetworkParams {
  /** Epoch length in milliseconds (Lotus BlockDelaySecs × 1000); tests go down to 100. */
  BlockDelayMs: number
  /** Sector sizes (bytes) miners may seal; genesis miners must use one of them. */
  SupportedSectorSizes: number[]
  /** Epochs in a Window PoSt proving period (= deadlines × challenge window). */
  WPoStProvingPeriod: number
  /** Deadlines per proving period. */
  WPoStPeriodDeadlines: number
  /** Epochs each deadline's challenge window stays open. */
  WPoStChallengeWindow: number
  /** Epochs between PreCommit and the interactive seed for ProveCommit. */
  PreCommitChallengeDelay: number
  /** Shortest and longest deal the market accepts, in epochs. */
  MinDealDuration: number
  MaxDealDuration: number
  /** Raw-byte power a miner needs before it may win blocks (abi.StoragePower). */
  ConsensusMinerMinPower: bigint
}

/**
 * A devnet a person can watch: 4 s blocks, a 64-minute proving period (48 deadlines of 20
 * epochs), a 40 s wait before ProveCommit, 2 KiB and 8 MiB sectors.
 */
export const DEFAULT_NETWORK_PARAMS: Readonly<NetworkParams> = Object.freeze({
  BlockDelayMs: 4000,
  SupportedSectorSizes: [2048, 8388608],
  WPoStProvingPeriod: 960,
  WPoStPeriodDeadlines: 48,
  WPoStChallengeWindow: 20,
  PreCommitChallengeDelay: 10,
  MinDealDuration: 120,
  MaxDealDuration: 1_555_200,
  ConsensusMinerMinPower: 2048n
})

/** Stored map-encoded (field names in the block) so a reader sees what each number is. */
export const networkParamsCbor: CborCodec<NetworkParams> = map('NetworkParams', {
  BlockDelayMs: uint,
  SupportedSectorSizes: array(uint, 16),
  WPoStProvingPeriod: uint,
  WPoStPeriodDeadlines: uint,
  WPoStChallengeWindow: uint,
  PreCommitChallengeDelay: uint,
  MinDealDuration: uint,
  MaxDealDuration: uint,
  ConsensusMinerMinPower: bigInt
})

const INTEGER_FIELDS = [
  'BlockDelayMs', 'WPoStProvingPeriod', 'WPoStPeriodDeadlines', 'WPoStChallengeWindow', 'PreCommitChallengeDelay',
  'MinDealDuration', 'MaxDealDuration'
] as const

/** Checks the parameters fit together; `source` names the template (or flag) they came from. */
export function validateNetworkParams (p: NetworkParams, source: string): NetworkParams {
  for (const key of INTEGER_FIELDS) {
    const v = p[key]
    if (!Number.isSafeInteger(v) || v <= 0) {
      throw new GenesisInputError(`${key} must be a positive integer, got ${String(v)}`, { value: v, source: jsonPath(source, key) })
    }
  }
  if (p.BlockDelayMs < 100) {
    throw new GenesisInputError(`BlockDelayMs must be at least 100 ms, got ${p.BlockDelayMs}`, { value: p.BlockDelayMs, source: jsonPath(source, 'BlockDelayMs') })
  }
  if (p.SupportedSectorSizes.length === 0) {
    throw new GenesisInputError('SupportedSectorSizes must list at least one sector size', { source: jsonPath(source, 'SupportedSectorSizes') })
  }
  p.SupportedSectorSizes.forEach((s, i) => {
    if (!(SECTOR_SIZES as readonly number[]).includes(s)) {
      throw new GenesisInputError(`${String(s)} is not a sector size (expected one of ${SECTOR_SIZES.join(', ')})`,
        { value: s, source: `${jsonPath(source, 'SupportedSectorSizes')}[${i}]` })
    }
  })
  if (p.WPoStPeriodDeadlines * p.WPoStChallengeWindow !== p.WPoStProvingPeriod) {
    throw new GenesisInputError(
      `WPoStProvingPeriod (${p.WPoStProvingPeriod}) must equal WPoStPeriodDeadlines (${p.WPoStPeriodDeadlines}) × WPoStChallengeWindow (${p.WPoStChallengeWindow})`,
      { value: p.WPoStProvingPeriod, source: jsonPath(source, 'WPoStProvingPeriod') })
  }
  if (p.MinDealDuration > p.MaxDealDuration) {
    throw new GenesisInputError(`MinDealDuration (${p.MinDealDuration}) is longer than MaxDealDuration (${p.MaxDealDuration})`,
      { value: p.MinDealDuration, source: jsonPath(source, 'MinDealDuration') })
  }
  if (p.ConsensusMinerMinPower < 0n) {
    throw new GenesisInputError(`ConsensusMinerMinPower must not be negative, got ${p.ConsensusMinerMinPower}`,
      { value: p.ConsensusMinerMinPower, source: jsonPath(source, 'ConsensusMinerMinPower') })
  }
  return p
}

/** The template's JSON form: numbers as JSON numbers, the power as a decimal string (a BigInt). */
export function networkParamsToJson (p: NetworkParams): Record<string, unknown> {
  return { ...p, SupportedSectorSizes: [...p.SupportedSectorSizes], ConsensusMinerMinPower: p.ConsensusMinerMinPower.toString() }
}

/**
 * Reads `NetworkParams` from a template; missing keys take the defaults (so an older template
 * still loads), unknown keys are refused with their path.
 */
export function networkParamsFromJson (json: unknown, source: string): NetworkParams {
  if (json === undefined || json === null) return { ...DEFAULT_NETWORK_PARAMS, SupportedSectorSizes: [...DEFAULT_NETWORK_PARAMS.SupportedSectorSizes] }
  if (!isJsonObject(json)) throw new GenesisInputError('NetworkParams must be a JSON object', { value: json, source })
  const out: NetworkParams = { ...DEFAULT_NETWORK_PARAMS, SupportedSectorSizes: [...DEFAULT_NETWORK_PARAMS.SupportedSectorSizes] }
  for (const [key, value] of Object.entries(json)) {
    const where = jsonPath(source, key)
    if ((INTEGER_FIELDS as readonly string[]).includes(key)) {
      if (typeof value !== 'number') throw new GenesisInputError(`${key} must be a number, got ${JSON.stringify(value)}`, { value, source: where })
      out[key as typeof INTEGER_FIELDS[number]] = value
    } else if (key === 'SupportedSectorSizes') {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'number')) {
        throw new GenesisInputError(`SupportedSectorSizes must be an array of byte counts, got ${JSON.stringify(value)}`, { value, source: where })
      }
      out.SupportedSectorSizes = value as number[]
    } else if (key === 'ConsensusMinerMinPower') {
      if ((typeof value !== 'string' || !/^\d+$/.test(value)) && !(typeof value === 'number' && Number.isSafeInteger(value))) {
        throw new GenesisInputError(`ConsensusMinerMinPower must be a decimal byte count, got ${JSON.stringify(value)}`, { value, source: where })
      }
      out.ConsensusMinerMinPower = BigInt(value)
    } else {
      throw new GenesisInputError(`unknown network parameter ${JSON.stringify(key)}`, { value: key, source: where })
    }
  }
  return validateNetworkParams(out, source)
}
