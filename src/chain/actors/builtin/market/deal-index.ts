import { intKey, parseUintKey, uintKey } from '../../../../core/ipld/index.js'
import type { DealId, SectorNumber } from '../../../../core/types.js'
import type { MarketCollections } from './state.js'

/** Schedules deals for cron processing at epochs (DealOpsByEpoch). */
export async function scheduleDeals (c: MarketCollections, entries: Array<[number, DealId]>): Promise<void> {
  const ops = await c.dealOps()
  for (const [epoch, id] of entries) {
    const bucket = await c.opsBucket(await ops.get(intKey(epoch)))
    await bucket.set(uintKey(id), null)
    await ops.set(intKey(epoch), await bucket.flush())
  }
}

/** The deals scheduled at `epoch`, in ascending ID order. */
export async function dealsForEpoch (c: MarketCollections, epoch: number): Promise<DealId[]> {
  const root = await (await c.dealOps()).get(intKey(epoch))
  if (root === undefined) return []
  const ids: DealId[] = []
  for await (const key of (await c.opsBucket(root)).keys()) ids.push(Number(parseUintKey(key)) as DealId)
  return ids.sort((a, b) => a - b)
}

export async function removeDealsForEpochs (c: MarketCollections, epochs: number[]): Promise<void> {
  const ops = await c.dealOps()
  for (const e of epochs) await ops.delete(intKey(e))
}

/** Records which deals each of a provider's sectors holds (ProviderSectors). */
export async function putSectorDeals (c: MarketCollections, provider: bigint, sectors: Array<[SectorNumber, DealId[]]>): Promise<void> {
  if (sectors.length === 0) return
  const all = await c.providerSectors()
  const mine = await c.sectorDeals(await all.get(uintKey(provider)))
  for (const [sector, ids] of sectors) {
    const prev = await mine.get(uintKey(sector)) ?? []
    await mine.set(uintKey(sector), [...prev, ...ids])
  }
  await all.set(uintKey(provider), await mine.flush())
}

/** Removes the given sectors' entries and returns their deal IDs. */
export async function popSectorDeals (c: MarketCollections, provider: bigint, sectors: Iterable<number>): Promise<DealId[]> {
  const all = await c.providerSectors()
  const root = await all.get(uintKey(provider))
  if (root === undefined) return []
  const mine = await c.sectorDeals(root)
  const out: DealId[] = []
  for (const sector of sectors) {
    const ids = await mine.get(uintKey(sector))
    if (ids === undefined) continue
    out.push(...ids)
    await mine.delete(uintKey(sector))
  }
  await all.set(uintKey(provider), await mine.flush())
  return out
}

/** Removes individual deals from sectors' entries (deals that completed or were cleaned up). */
export async function removeSectorDeals (c: MarketCollections, provider: bigint, sector: SectorNumber, deals: DealId[]): Promise<void> {
  const all = await c.providerSectors()
  const root = await all.get(uintKey(provider))
  if (root === undefined) return
  const mine = await c.sectorDeals(root)
  const ids = await mine.get(uintKey(sector))
  if (ids === undefined) return
  const left = ids.filter((id) => !deals.includes(id))
  if (left.length === 0) await mine.delete(uintKey(sector))
  else await mine.set(uintKey(sector), left)
  await all.set(uintKey(provider), await mine.flush())
}
