/**
 * Go-style formatting the `lotus-miner` sector commands share: `cliutil.EpochTime`
 * (`123 (in 2 hours 5 minutes)`), durafmt's two-unit durations, go-units' `BytesSize`, Go's
 * `%x`, `%v` of a nil CID and `time.Time` printing.
 */
import type { CID } from '../../core/cid.js'

const DURA_UNITS: Array<[string, number]> = [['year', 31536000], ['week', 604800], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]]

/** durafmt.Parse(d).LimitFirstN(2). */
export function duraFmt (seconds: number): string {
  let s = Math.max(0, Math.floor(seconds))
  const parts: string[] = []
  for (const [name, len] of DURA_UNITS) {
    const n = Math.floor(s / len)
    s -= n * len
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`)
    if (parts.length === 2) break
  }
  return parts.length === 0 ? '0 seconds' : parts.join(' ')
}

/** cliutil.EpochTime. */
export function epochTime (curr: number, e: number, blockDelaySecs: number): string {
  if (curr > e) return `${e} (${duraFmt((curr - e) * blockDelaySecs)} ago)`
  if (curr === e) return `${e} (now)`
  return `${e} (in ${duraFmt((e - curr) * blockDelaySecs)})`
}

/** go-units BytesSize: `2KiB`, `1.5MiB` (four significant digits, no space). */
export function bytesSize (n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']
  let f = n
  let i = 0
  while (f >= 1024 && i < units.length - 1) {
    f /= 1024
    i++
  }
  return `${Number(f.toPrecision(4))}${units[i]!}`
}

export function hex (b: Uint8Array | null): string {
  return b === null ? '' : Buffer.from(b).toString('hex')
}

export function cidOrNil (c: CID | null): string {
  return c === null ? '<nil>' : c.toString()
}

/** Go's time.Time String for a Unix time: `2026-11-23 22:40:00 +0000 UTC`. */
export function goTime (unixSecs: number): string {
  const d = new Date(unixSecs * 1000)
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`
}
