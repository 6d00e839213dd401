/**
 * Runs one deal from its checkpoint to the end: data (downloaded, or imported for offline
 * deals) checked against the proposal → published → publish confirmed with its deal ID → piece
 * handed to the sealer (SectorAddPieceToAny, the bytes pushed over the sealer API) → the deal
 * activated on chain. Each checkpoint is persisted before the next step starts. Failures the
 * deal cannot recover from end it (`Complete` with `Error`); an unreachable sealer or full node
 * is waited out, so restarting the mining node never fails a deal.
 */
import { createReadStream, rmSync } from 'node:fs'
import type { FullNodeApi } from '../../api/fullnode/index.js'
import type { MinerApi } from '../../api/miner.js'
import { type PieceDealInfo, pieceDataFromStream } from '../../api/sealing.js'
import { TipSetKey } from '../../chain/types/index.js'
import { paddedPieceSize, paddedToUnpadded } from '../../core/piece/index.js'
import type { DealId } from '../../core/types.js'
import type { Logger } from '../../log/index.js'
import type { Checkpoint, ProviderDeal } from './deal.js'
import { checkPieceData } from './piece-check.js'
import type { DealPublisher } from './publisher.js'
import { httpPull, httpTransferParams } from './transfer.js'
import { uuidString } from '../../protocols/deals.js'

export type DealSealer = Pick<MinerApi, 'SectorAddPieceToAny' | 'SectorsStatus' | 'SectorsList'>
export type DealChain = Pick<FullNodeApi, 'StateMarketStorageDeal' | 'ChainHead'>

export interface ExecutorDeps {
  chain: DealChain
  sealer: DealSealer
  publisher: DealPublisher
  save: (deal: ProviderDeal) => void
  log: Logger
  /** Epoch length, for polling. */
  blockDelayMs: number
  /**
   * The deal was picked up from the datastore at start-up: a hand-off may have happened before
   * the node died without its checkpoint being written, so the sealer is asked first.
   */
  resumed: boolean
}

/** A step that failed for a reason that waiting will not fix. */
class DealFailure extends Error {}

export async function executeDeal (deal: ProviderDeal, deps: ExecutorDeps, signal: AbortSignal): Promise<void> {
  const id = uuidString(deal.DealUUID)
  const log = deps.log.child({ deal: id })
  const advance = (to: Checkpoint, change: Partial<ProviderDeal> = {}): void => {
    Object.assign(deal, change, { Checkpoint: to })
    deps.save(deal)
    log.info({ checkpoint: to }, 'deal checkpoint')
  }
  try {
    while (!signal.aborted && deal.Checkpoint !== 'Complete') {
      const done = await step(deal, deps, signal, advance)
      if (done) return
    }
  } catch (err) {
    if (signal.aborted) return
    const reason = (err as Error).message
    log.warn({ err: reason }, 'deal failed')
    advance('Complete', { Error: reason })
    removeStaging(deal)
  }
}

/** One checkpoint's work; true when the deal waits on something outside (an offline import, activation). */
async function step (deal: ProviderDeal, deps: ExecutorDeps, signal: AbortSignal, advance: (to: Checkpoint, change?: Partial<ProviderDeal>) => void): Promise<boolean> {
  const p = deal.ClientDealProposal.Proposal
  switch (deal.Checkpoint) {
    case 'Accepted': {
      if (deal.IsOffline && deal.InboundFilePath === '') return true
      if (!deal.IsOffline) {
        await httpPull(httpTransferParams(deal.Transfer), deal.InboundFilePath, { size: deal.Transfer.Size, signal })
      }
      const bad = await checkPieceData(deal.InboundFilePath, p)
      if (bad !== undefined) throw new DealFailure(bad)
      advance('Transferred')
      return false
    }
    case 'Transferred': {
      const cid = await transient(async () => await deps.publisher.publish(deal.ClientDealProposal), signal, deps)
      advance('Published', { PublishCid: cid })
      return false
    }
    case 'Published': {
      const r = await transient(async () => await deps.publisher.dealId(deal.PublishCid!, deal.ClientDealProposal, signal), signal, deps)
      if ('error' in r) throw new DealFailure(r.error)
      advance('PublishConfirmed', { ChainDealID: r.id })
      return false
    }
    case 'PublishConfirmed': {
      const size = paddedToUnpadded(paddedPieceSize(p.PieceSize, 'deal piece size'))
      const info: PieceDealInfo = {
        PublishCid: deal.PublishCid,
        DealID: deal.ChainDealID as DealId,
        DealProposal: { ...p, PieceSize: p.PieceSize as never, Label: typeof p.Label === 'string' ? p.Label : '' },
        DealSchedule: { StartEpoch: p.StartEpoch, EndEpoch: p.EndEpoch },
        KeepUnsealed: deal.KeepUnsealed
      }
      const earlier = deps.resumed ? await transient(async () => await findHandedOff(deps.sealer, deal.ChainDealID), signal, deps) : undefined
      const placed = earlier ?? await transient(async () => await deps.sealer.SectorAddPieceToAny(size, pieceDataFromStream(padded(deal.InboundFilePath, size)), info, { signal }), signal, deps)
      advance('AddedPiece', { SectorNumber: Number(placed.Sector), Offset: Number(placed.Offset) })
      removeStaging(deal)
      return false
    }
    case 'AddedPiece': {
      // Watch the deal until its sector is proven and the market actor activates it, then until it ends.
      const state = await transient(async () => await deps.chain.StateMarketStorageDeal(deal.ChainDealID as DealId, TipSetKey.empty).catch((err: Error) => {
        if (/not found/i.test(err.message)) return null
        throw err
      }), signal, deps)
      const head = (await transient(async () => await deps.chain.ChainHead(), signal, deps)).height
      if (state === null && head > p.StartEpoch) throw new DealFailure(`deal ${deal.ChainDealID} is no longer on chain (expired, slashed or never activated by epoch ${p.StartEpoch})`)
      if (state !== null && state.State.SlashEpoch >= 0) throw new DealFailure(`deal ${deal.ChainDealID} was slashed at epoch ${state.State.SlashEpoch}`)
      if (head > p.EndEpoch) { advance('Complete'); return true }
      await sleep(Math.max(1000, deps.blockDelayMs), signal)
      return false
    }
    case 'Complete':
      return true
  }
}

/** Where the sealer already holds the deal's piece, if it does (sector number and padded offset). */
async function findHandedOff (sealer: DealSealer, dealId: number): Promise<{ Sector: number, Offset: number } | undefined> {
  for (const n of await sealer.SectorsList()) {
    const status = await sealer.SectorsStatus(n, false)
    let offset = 0
    for (const piece of status.Pieces) {
      if (piece.DealInfo !== null && Number(piece.DealInfo.DealID) === dealId) return { Sector: Number(n), Offset: offset }
      offset += Number(piece.Piece.Size)
    }
  }
  return undefined
}

/** The piece bytes: the data file, then zeros up to the unpadded piece size. */
async function * padded (file: string, size: number): AsyncGenerator<Uint8Array> {
  let sent = 0
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    sent += (chunk as Buffer).length
    yield chunk as Buffer
  }
  const zeros = new Uint8Array(1 << 20)
  while (sent < size) {
    const n = Math.min(zeros.length, size - sent)
    yield zeros.subarray(0, n)
    sent += n
  }
}

/**
 * Runs `work`, waiting out failures to reach a node (the mining node or full node restarting):
 * those are retried every few seconds until they pass or the deal stops; anything else is final.
 */
async function transient<T> (work: () => Promise<T>, signal: AbortSignal, deps: ExecutorDeps): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work()
    } catch (err) {
      if (signal.aborted || !isUnreachable(err)) throw err
      if (attempt % 10 === 0) deps.log.warn({ err: (err as Error).message }, 'node unreachable, retrying')
      await sleep(Math.min(10_000, 1000 * (attempt + 1)), signal)
    }
  }
}

function isUnreachable (err: unknown): boolean {
  const m = (err as Error).message ?? ''
  return /ECONNREFUSED|ECONNRESET|cannot dial|socket hang up|fetch failed|connection closed|still starting|EPIPE/i.test(m)
}

function removeStaging (deal: ProviderDeal): void {
  // Only files this node downloaded; an offline import stays where the operator put it.
  if (!deal.IsOffline && deal.InboundFilePath !== '') rmSync(deal.InboundFilePath, { force: true })
}

async function sleep (ms: number, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => { clearTimeout(t); resolve() }, { once: true })
  })
}
