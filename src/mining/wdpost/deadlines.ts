/**
 * Deadline arithmetic on the `dline.Info` the chain reports (StateMinerProvingDeadline). The
 * period's shape (deadlines, challenge window, lookback, fault cutoff) is read from that info,
 * never assumed, so a devnet with a short proving period works unchanged.
 */
import type { DeadlineInfo } from '../../api/fullnode/types/miner.js'
import type { ChainEpoch } from '../../core/types.js'

export type { DeadlineInfo }

/** dline.Info.PeriodStarted: the miner's first proving period has begun. */
export function periodStarted (di: DeadlineInfo): boolean {
  return di.CurrentEpoch >= di.PeriodStart
}

/** The deadline `k` deadlines after `di` (wrapping into the next proving periods). */
export function deadlineAfter (di: DeadlineInfo, k: number): DeadlineInfo {
  const n = di.WPoStPeriodDeadlines
  const index = di.Index + k
  const periods = Math.floor(index / n)
  const open = di.Open + k * di.WPoStChallengeWindow
  return {
    ...di,
    PeriodStart: (di.PeriodStart + periods * di.WPoStProvingPeriod) as ChainEpoch,
    Index: index % n,
    Open: open as ChainEpoch,
    Close: (open + di.WPoStChallengeWindow) as ChainEpoch,
    Challenge: (open - di.WPoStChallengeLookback) as ChainEpoch,
    FaultCutoff: (open - di.FaultDeclarationCutoff) as ChainEpoch
  }
}

/** Lotus `nextDeadline`. */
export function nextDeadline (di: DeadlineInfo): DeadlineInfo {
  return deadlineAfter(di, 1)
}

/** A short label for logs: `deadline 3 (open 1060, close 1080)`. */
export function deadlineLabel (di: DeadlineInfo): string {
  return `deadline ${di.Index} (open ${di.Open}, close ${di.Close})`
}
