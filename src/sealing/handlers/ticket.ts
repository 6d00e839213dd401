/**
 * GetTicket: SealRandomness (DST 5) at head - SealRandomnessLookback, entropy = the miner
 * address's CBOR; a sector already pre-committed keeps the ticket epoch it declared.
 */
import { addressEntropy, DomainSeparationTag } from '../../proofs/index.js'
import type { ChainEpoch } from '../../core/types.js'
import type { Handler } from '../env.js'

export const handleGetTicket: Handler = async ({ record, env }) => {
  try {
    const head = await env.chain.ChainHead()
    const onChain = await env.chain.StateSectorPreCommitInfo(env.miner, record.SectorNumber, head.key)
    const epoch = onChain !== null ? onChain.Info.SealRandEpoch : head.height - env.policy.sealRandomnessLookback
    const ticket = await env.chain.StateGetRandomnessFromTickets(DomainSeparationTag.SealRandomness, epoch as ChainEpoch, addressEntropy(env.miner), head.key)
    return { type: 'SectorTicket', ticketValue: ticket, ticketEpoch: epoch as ChainEpoch }
  } catch (err) {
    return { type: 'SectorSealPreCommit1Failed', error: `getting ticket failed: ${(err as Error).message}` }
  }
}
