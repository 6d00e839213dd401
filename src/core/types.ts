import { InvalidInputError } from './errors.js'

/**
 * Branded scalar types: the same runtime value (number or bigint) but distinct at compile
 * time, so a sector number cannot be passed where an epoch is expected. Build them with the
 * checking constructors below or receive them from a codec.
 */
declare const brand: unique symbol
export type Brand<T, B extends string> = T & { readonly [brand]: B }

/** An epoch (Go `abi.ChainEpoch`, int64); a number since epochs stay far below 2^53. */
export type ChainEpoch = Brand<number, 'ChainEpoch'>
/** An actor ID, the number in an ID address (`t01000`); up to 2^63-1. */
export type ActorId = Brand<bigint, 'ActorId'>
/** A sector number within one miner (Go `abi.SectorNumber`). */
export type SectorNumber = Brand<number, 'SectorNumber'>
/** A storage deal ID (Go `abi.DealID`). */
export type DealId = Brand<number, 'DealId'>
/** An actor method number (Go `abi.MethodNum`, uint64). */
export type MethodNum = Brand<bigint, 'MethodNum'>
/** A token amount in attoFIL (Go `abi.TokenAmount`), signed, arbitrary precision. */
export type TokenAmount = Brand<bigint, 'TokenAmount'>

const MaxInt64 = (1n << 63n) - 1n
const MaxUint64 = (1n << 64n) - 1n

function safeInteger (value: number, what: string, min: number, source?: string): number {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new InvalidInputError('ERR_INVALID_NUMBER', `${what} must be an integer ${min < 0 ? '' : '>= 0 '}within 2^53, got ${String(value)}`, { value, source })
  }
  return value
}

function bigRange (value: bigint | number, what: string, min: bigint, max: bigint, source?: string): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new InvalidInputError('ERR_INVALID_NUMBER', `${what} must be an integer, got ${String(value)}`, { value, source })
  }
  const v = BigInt(value)
  if (v < min || v > max) {
    throw new InvalidInputError('ERR_INVALID_NUMBER', `${what} ${v} is outside ${min}..${max}`, { value, source })
  }
  return v
}

export function chainEpoch (value: number, source?: string): ChainEpoch {
  return safeInteger(value, 'ChainEpoch', Number.MIN_SAFE_INTEGER, source) as ChainEpoch
}

export function sectorNumber (value: number, source?: string): SectorNumber {
  return safeInteger(value, 'SectorNumber', 0, source) as SectorNumber
}

export function dealId (value: number, source?: string): DealId {
  return safeInteger(value, 'DealID', 0, source) as DealId
}

export function actorId (value: bigint | number, source?: string): ActorId {
  return bigRange(value, 'ActorID', 0n, MaxInt64, source) as ActorId
}

export function methodNum (value: bigint | number, source?: string): MethodNum {
  return bigRange(value, 'MethodNum', 0n, MaxUint64, source) as MethodNum
}

/** Brands an attoFIL amount; any bigint is a valid amount. */
export function tokenAmount (attoFil: bigint | number): TokenAmount {
  if (typeof attoFil === 'number' && !Number.isSafeInteger(attoFil)) {
    throw new InvalidInputError('ERR_INVALID_NUMBER', `token amount must be an integer number of attoFIL, got ${String(attoFil)}`, { value: attoFil })
  }
  return BigInt(attoFil) as TokenAmount
}
