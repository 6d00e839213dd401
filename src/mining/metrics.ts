/**
 * Prometheus series of the mining subsystem: blocks won and eligibility for block production;
 * proofs submitted, late and failed for Window PoSt. They live in the node's registry when one
 * is given (scraped at `/debug/metrics`), else in a private one, so the counters also back
 * `status()` and tests.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client'

export interface BlockProductionMetrics {
  readonly blocksWon: Counter
  /** Blocks published more than one block delay after their epoch began (a slow base, prover or host). */
  readonly blocksLate: Counter
  readonly lastWinEpoch: Gauge
  /** 1 when the last base info said the miner may mine, 0 otherwise. */
  readonly eligible: Gauge
  /** Rounds tried, by outcome: won, lost, ineligible, error. */
  readonly rounds: Counter<'outcome'>
}

export function blockProductionMetrics (registry: Registry = new Registry()): BlockProductionMetrics {
  const registers = [registry]
  return {
    blocksWon: new Counter({ name: 'lotus_miner_blocks_won_total', help: 'Blocks this miner won and submitted', registers }),
    blocksLate: new Counter({ name: 'lotus_miner_blocks_late_total', help: 'Blocks published more than one block delay after their epoch began', registers }),
    lastWinEpoch: new Gauge({ name: 'lotus_miner_last_win_epoch', help: 'Epoch of the last block this miner won', registers }),
    eligible: new Gauge({ name: 'lotus_miner_eligible_to_mine', help: '1 if the miner was eligible to mine at the last round', registers }),
    rounds: new Counter({ name: 'lotus_miner_rounds_total', help: 'Mining rounds tried, by outcome', labelNames: ['outcome'] as const, registers })
  }
}

export interface WindowPoStMetrics {
  readonly submitted: Counter
  /** Deadlines whose proof was not on chain before the deadline closed. */
  readonly late: Counter
  /** Proofs that could not be generated or whose message failed. */
  readonly failed: Counter
  readonly faultsDeclared: Counter
  readonly recoveriesDeclared: Counter
  readonly proveSeconds: Histogram
}

export function windowPoStMetrics (registry: Registry = new Registry()): WindowPoStMetrics {
  const registers = [registry]
  return {
    submitted: new Counter({ name: 'lotus_wdpost_proofs_submitted_total', help: 'SubmitWindowedPoSt messages sent', registers }),
    late: new Counter({ name: 'lotus_wdpost_proofs_late_total', help: 'Deadlines that closed before their Window PoSt was submitted', registers }),
    failed: new Counter({ name: 'lotus_wdpost_proofs_failed_total', help: 'Window PoSts that failed to generate or execute', registers }),
    faultsDeclared: new Counter({ name: 'lotus_wdpost_faults_declared_total', help: 'Sectors declared faulty', registers }),
    recoveriesDeclared: new Counter({ name: 'lotus_wdpost_recoveries_declared_total', help: 'Sectors declared recovered', registers }),
    proveSeconds: new Histogram({
      name: 'lotus_wdpost_prove_seconds',
      help: 'Time to generate the proofs of one deadline',
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 60, 300],
      registers
    })
  }
}

/** A counter's current value (prom-client reads are async). */
export async function counterValue (c: Counter | Gauge): Promise<number> {
  const v = await c.get()
  return v.values.reduce((n, x) => n + x.value, 0)
}
