/**
 * WaitSeed: wait (on chain head changes) until PreCommitEpoch + PreCommitChallengeDelay +
 * InteractivePoRepConfidence, then draw the interactive seed (DST 6) from the beacon at
 * PreCommitEpoch + PreCommitChallengeDelay. A pre-commit that vanished (reorg) fails back to
 * PreCommitFailed, which looks at the chain again.
 */
import { TipSetKey } from '../../chain/types/index.js'
import type { ChainEpoch } from '../../core/types.js'
import { addressEntropy, DomainSeparationTag } from '../../proofs/index.js'
import type { Handler } from '../env.js'

export const handleWaitSeed: Handler = async ({ record, signal, env }) => {
  const n = record.SectorNumber
  let pci
  try {
    pci = await env.chain.StateSectorPreCommitInfo(env.miner, n, TipSetKey.empty)
  } catch (err) {
    return { type: 'SectorChainPreCommitFailed', error: `getting precommit info: ${(err as Error).message}` }
  }
  if (pci === null) return { type: 'SectorChainPreCommitFailed', error: 'precommit info not found on chain' }
  const seedEpoch = pci.PreCommitEpoch + env.policy.preCommitChallengeDelay
  await env.heads.waitHeight(seedEpoch + env.policy.interactivePoRepConfidence, signal)
  try {
    const head = await env.chain.ChainHead()
    // The pre-commit may have been reorged out while we waited.
    const again = await env.chain.StateSectorPreCommitInfo(env.miner, n, head.key)
    if (again === null || again.PreCommitEpoch !== pci.PreCommitEpoch) {
      return { type: 'SectorChainPreCommitFailed', error: `precommit at epoch ${pci.PreCommitEpoch} is no longer on chain (reorg)` }
    }
    const seed = await env.chain.StateGetRandomnessFromBeacon(DomainSeparationTag.InteractiveSealChallengeSeed, seedEpoch as ChainEpoch, addressEntropy(env.miner), head.key)
    return { type: 'SectorSeedReady', seedValue: seed, seedEpoch: seedEpoch as ChainEpoch }
  } catch (err) {
    return { type: 'SectorChainPreCommitFailed', error: `getting seed: ${(err as Error).message}` }
  }
}
