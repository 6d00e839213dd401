/**
 * Expected consensus win counts, bit for bit as lotus chain/types/electionproof.go computes
 * them: fixed point Q.256 big integers, e^-x as a rational polynomial, and the inverted
 * Poisson CDF with rate λ = power * BlocksPerEpoch / totalPower, compared against the
 * blake2b-256 of the VRF proof read as a Q.256 fraction.
 */
import { blake2b } from '@noble/hashes/blake2.js'

const PRECISION = 256n

/** Expected blocks per epoch (build.BlocksPerEpoch). */
export const BLOCKS_PER_EPOCH = 5n
/** The most wins one ticket can give (MaxWinCount = 3 * BlocksPerEpoch). */
export const MAX_WIN_COUNT = 3n * BLOCKS_PER_EPOCH

// Coefficients in integer form; << (256 - 128) turns them into Q.256 values, highest order first.
const EXP_NUM = [
  '-648770010757830093818553637600',
  '67469480939593786226847644286976',
  '-3197587544499098424029388939001856',
  '89244641121992890118377641805348864',
  '-1579656163641440567800982336819953664',
  '17685496037279256458459817590917169152',
  '-115682590513835356866803355398940131328',
  '340282366920938463463374607431768211456'
].map((c) => BigInt(c) << (PRECISION - 128n))

const EXP_DENO = [
  '1225524182432722209606361',
  '114095592300906098243859450',
  '5665570424063336070530214243',
  '194450132448609991765137938448',
  '5068267641632683791026134915072',
  '104716890604972796896895427629056',
  '1748338658439454459487681798864896',
  '23704654329841312470660182937960448',
  '259380097567996910282699886670381056',
  '2250336698853390384720606936038375424',
  '14978272436876548034486263159246028800',
  '72144088983913131323343765784380833792',
  '224599776407103106596571252037123047424',
  '340282366920938463463374607431768211456'
].map((c) => BigInt(c) << (PRECISION - 128n))

/** Go's big.Int.Div: Euclidean division (the remainder is never negative). */
function euclidDiv (a: bigint, b: bigint): bigint {
  const q = a / b
  const r = a - q * b
  if (r < 0n) return b > 0n ? q - 1n : q + 1n
  return q
}

/** Horner's method in Q.256; bigint >> floors like Go's Rsh on negatives. */
function polyval (p: readonly bigint[], x: bigint): bigint {
  let res = p[0]!
  for (let i = 1; i < p.length; i++) res = ((res * x) >> PRECISION) + p[i]!
  return res
}

/** e^-x for x in Q.256, as Q.256 (most precise on [0, 1.725)). */
export function expneg (x: bigint): bigint {
  const num = polyval(EXP_NUM, x)
  const deno = polyval(EXP_DENO, x)
  return euclidDiv(num << PRECISION, deno)
}

/** λ = power * BlocksPerEpoch / totalPower in Q.256. */
export function lambda (power: bigint, totalPower: bigint): bigint {
  return euclidDiv((power * BLOCKS_PER_EPOCH) << PRECISION, totalPower)
}

/** The inverted Poisson CDF, 1 - cdf(k, λ), for k = 0, 1, 2, ... (lotus `poiss`). */
export class Poisson {
  private readonly lam: bigint
  private pmf: bigint
  private k = 0n
  /** 1 - cdf(k), Q.256. */
  icdf: bigint

  constructor (lam: bigint) {
    this.lam = lam
    this.pmf = expneg(lam)
    this.icdf = (1n << PRECISION) - this.pmf
  }

  /** Moves to k + 1 and returns 1 - cdf(k + 1). */
  next (): bigint {
    this.k++
    this.pmf = euclidDiv(this.pmf, this.k)
    this.pmf = (this.pmf * this.lam) >> PRECISION
    this.icdf -= this.pmf
    return this.icdf
  }
}

function bytesToBigInt (b: Uint8Array): bigint {
  let v = 0n
  for (const byte of b) v = (v << 8n) | BigInt(byte)
  return v
}

/**
 * ElectionProof.ComputeWinCount: how many blocks this VRF proof lets the miner produce, given
 * its quality-adjusted power and the network's. Zero when the miner has no power.
 */
export function computeWinCount (vrfProof: Uint8Array, power: bigint, totalPower: bigint): number {
  if (totalPower <= 0n || power <= 0n) return 0
  const lhs = bytesToBigInt(blake2b(vrfProof, { dkLen: 32 }))
  const p = new Poisson(lambda(power, totalPower))
  let rhs = p.icdf
  let j = 0n
  while (lhs < rhs && j < MAX_WIN_COUNT) {
    rhs = p.next()
    j++
  }
  return Number(j)
}
