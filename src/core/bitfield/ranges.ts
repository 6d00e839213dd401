// Set algebra on flattened half-open ranges [s0, e0, s1, e1, ...], sorted, disjoint and
// non-adjacent (the canonical form RLE+ encodes). Every function returns canonical output.

/** Appends [start, end) to canonical `out`, merging with the last range when they touch. */
function push (out: number[], start: number, end: number): void {
  if (start >= end) return
  const n = out.length
  if (n > 0 && out[n - 1]! >= start) {
    if (end > out[n - 1]!) out[n - 1] = end
    return
  }
  out.push(start, end)
}

export function union (a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      push(out, a[i]!, a[i + 1]!)
      i += 2
    } else {
      push(out, b[j]!, b[j + 1]!)
      j += 2
    }
  }
  return out
}

export function intersect (a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!, b[j]!)
    const end = Math.min(a[i + 1]!, b[j + 1]!)
    push(out, start, end)
    if (a[i + 1]! < b[j + 1]!) i += 2
    else j += 2
  }
  return out
}

/** Bits in `a` and not in `b`. */
export function subtract (a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = []
  let j = 0
  for (let i = 0; i < a.length; i += 2) {
    let start = a[i]!
    const end = a[i + 1]!
    while (j < b.length && b[j + 1]! <= start) j += 2
    let k = j
    while (k < b.length && b[k]! < end) {
      push(out, start, b[k]!)
      start = Math.max(start, b[k + 1]!)
      k += 2
    }
    push(out, start, end)
  }
  return out
}

/** Canonical ranges from positions in any order, duplicates allowed. */
export function fromPositions (positions: number[]): number[] {
  const sorted = positions.slice().sort((x, y) => x - y)
  const out: number[] = []
  for (const p of sorted) push(out, p, p + 1)
  return out
}

/** Canonical ranges from arbitrary (possibly overlapping, unsorted) [start, end) pairs. */
export function fromRangePairs (pairs: Array<[number, number]>): number[] {
  const sorted = pairs.slice().sort((x, y) => x[0] - y[0])
  const out: number[] = []
  for (const [s, e] of sorted) push(out, s, e)
  return out
}

export function count (r: readonly number[]): number {
  let n = 0
  for (let i = 0; i < r.length; i += 2) n += r[i + 1]! - r[i]!
  return n
}

export function has (r: readonly number[], bit: number): boolean {
  // binary search over range starts
  let lo = 0
  let hi = r.length / 2
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (r[2 * mid + 1]! <= bit) lo = mid + 1
    else hi = mid
  }
  return lo < r.length / 2 && r[2 * lo]! <= bit
}

/** The `count` set bits after skipping the first `skip` set bits (go-bitfield Slice). */
export function slice (r: readonly number[], skip: number, take: number): number[] | undefined {
  const out: number[] = []
  let toSkip = skip
  let toTake = take
  for (let i = 0; i < r.length && toTake > 0; i += 2) {
    let start = r[i]!
    const end = r[i + 1]!
    const size = end - start
    if (toSkip >= size) {
      toSkip -= size
      continue
    }
    start += toSkip
    toSkip = 0
    const n = Math.min(end - start, toTake)
    out.push(start, start + n)
    toTake -= n
  }
  return toTake > 0 ? undefined : out
}
