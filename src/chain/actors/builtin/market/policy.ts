import type { CID } from '../../../../core/cid.js'
import { FIL_COMMITMENT_UNSEALED, SHA2_256_TRUNC254_PADDED } from '../../../../core/piece/index.js'
import type { TokenAmount } from '../../../../core/types.js'
import type { StorageActorsPolicy } from '../power/policy.js'

const FIL = 10n ** 18n

/** Longest label a deal may carry, in bytes (builtin-actors `DEAL_MAX_LABEL_SIZE`). */
export const DealMaxLabelSize = 256
/** The FIL the bounds assume exists (builtin-actors `TOTAL_FILECOIN`): upper bound of price and collateral. */
export const TotalFilecoin = (2_000_000_000n * FIL) as TokenAmount

/** Inclusive bounds on a deal's duration: the network's (180 to 1278 days of 30-second epochs on mainnet). */
export function dealDurationBounds (policy: { DealMinDuration: number, DealMaxDuration: number }): { min: number, max: number } {
  return { min: policy.DealMinDuration, max: policy.DealMaxDuration }
}

export function dealPricePerEpochBounds (): { min: TokenAmount, max: TokenAmount } {
  return { min: 0n as TokenAmount, max: TotalFilecoin }
}

export function dealClientCollateralBounds (): { min: TokenAmount, max: TokenAmount } {
  return { min: 0n as TokenAmount, max: TotalFilecoin }
}

/**
 * Bounds on a deal's provider collateral (builtin-actors `deal_provider_collateral_bounds`):
 *
 *   min = circulatingSupply × num/denom × pieceSize / max(networkRawPower, baselinePower, pieceSize)
 *
 * (the deal's share of 1% of circulating supply, num/denom = 1/100 from the policy), rounded
 * down; max = {@link TotalFilecoin}. Lotus's `StateDealProviderCollateralBounds` reports min ×
 * 110/100 so that deals made from it survive small supply changes before publication.
 */
export function dealProviderCollateralBounds (
  policy: Pick<StorageActorsPolicy, 'provCollateralPercentSupplyNum' | 'provCollateralPercentSupplyDenom'>,
  pieceSize: bigint, networkRawPower: bigint, baselinePower: bigint, circulatingSupply: bigint
): { min: TokenAmount, max: TokenAmount } {
  const lockTarget = circulatingSupply * policy.provCollateralPercentSupplyNum
  let denom = networkRawPower > baselinePower ? networkRawPower : baselinePower
  if (pieceSize > denom) denom = pieceSize
  const min = (pieceSize * lockTarget) / (denom * policy.provCollateralPercentSupplyDenom)
  return { min: min as TokenAmount, max: TotalFilecoin }
}

/** A piece CID: CIDv1, fil-commitment-unsealed, sha2-256-trunc254-padded, 32-byte digest. */
export function isPieceCid (c: CID): boolean {
  return c.version === 1 && c.code === FIL_COMMITMENT_UNSEALED && c.multihash.code === SHA2_256_TRUNC254_PADDED && c.multihash.size === 32
}

/** A valid padded piece size: a power of two, at least 128 bytes. */
export function isValidPaddedPieceSize (size: number): boolean {
  return Number.isSafeInteger(size) && size >= 128 && (BigInt(size) & (BigInt(size) - 1n)) === 0n
}

/**
 * The first epoch at or after `earliest` on which deal `id` is processed: each deal has a
 * fixed offset (id mod interval) within every interval, so updates spread over epochs
 * (builtin-actors `next_update_epoch`).
 */
export function nextUpdateEpoch (id: number, interval: number, earliest: number): number {
  const offset = id % interval
  const shifted = earliest - offset
  const remainder = shifted % interval
  const quotient = Math.trunc(shifted / interval)
  return remainder === 0 || shifted < 0 ? interval * quotient + offset : interval * (quotient + 1) + offset
}
