import { Protocol } from '../../core/address/index.js'
import { verify } from '../../core/crypto/index.js'
import type { CID } from '../../core/cid.js'
import { registeredPoStProof, registeredSealProof } from '../../core/sector/index.js'
import { checkElectionProof, ticketRandomness, verifyVrf, winningPoStRandomness } from '../../proofs/election.js'
import { beaconEntriesProblem, latestBeaconEntry } from '../beacon/index.js'
import { blockHeaderCid, blockHeaderSigningBytes, TipSetKey, type BeaconEntry, type FullBlock, type TipSet } from '../types/index.js'
import { computeBaseFee } from './base-fee.js'
import { sameCid, type ConsensusDeps, type ResolvedConsensusOptions } from './context.js'
import { InvalidBlockError, type BlockInvalidKind } from './errors.js'
import { blockMessagesProblem } from './messages-check.js'
import {
  lookbackForRound, minerActorId, minerEligibleToMine, minerWorkerKey, sectorsForWinningPoSt
} from './miner-state.js'

/**
 * Validates a block as Lotus `FilecoinEC.ValidateBlock` does, throwing {@link InvalidBlockError}
 * naming the first rule it breaks: sanity (ticket, election proof, signature, aggregate, ID
 * miner), known parent, height, timestamp and clock drift, parent weight, base fee, state and
 * receipts roots, messages, beacon entries (before the checks that draw from them), eligibility,
 * election proof and win count, ticket, Winning PoSt and the worker's block signature. Returns the parent tipset.
 */
export async function validateBlock (deps: ConsensusDeps, opts: ResolvedConsensusOptions, block: FullBlock): Promise<TipSet> {
  const h = block.Header
  const cid = blockHeaderCid(h)
  const fail = (kind: BlockInvalidKind, reason: string, cause?: unknown): never => {
    throw new InvalidBlockError(kind, reason, cid, cause === undefined ? undefined : { cause })
  }

  if (h.ElectionProof === null) fail('MalformedBlock', 'block cannot have nil election proof')
  if (h.Ticket === null) fail('MalformedBlock', 'block cannot have nil ticket')
  if (h.BlockSig === null) fail('MalformedBlock', 'block had nil signature')
  if (h.BLSAggregate === null) fail('MalformedBlock', 'block had nil bls aggregate signature')
  if (h.Miner.protocol !== Protocol.ID) fail('MalformedBlock', `block had non-ID miner address ${h.Miner.toString()}`)
  const eproof = h.ElectionProof!
  const ticket = h.Ticket!

  let base: TipSet
  try {
    base = await deps.chain.loadTipSet(TipSetKey.fromCids(h.Parents))
  } catch (err) {
    return fail('UnknownParent', `load parent tipset failed (${TipSetKey.fromCids(h.Parents).toString()}): ${(err as Error).message}`, err)
  }
  if (h.Height <= base.height) fail('BadHeight', `block height not greater than parent height: ${h.Height} <= ${base.height}`)

  const expectedTs = deps.clock.timestampForEpoch(h.Height)
  if (h.Timestamp !== expectedTs) fail('BadTimestamp', `block has wrong timestamp: ${h.Timestamp} != ${expectedTs}`)
  const now = deps.clock.now()
  if (deps.clock.epochStartMs(h.Height) > now + opts.allowableClockDriftMs) {
    fail('FutureBlock', `block was from the future (now=${Math.floor(now / 1000)}, blk=${h.Timestamp})`)
  }

  const pweight = await deps.chain.weight(base)
  if (pweight !== h.ParentWeight) fail('BadWeight', `parent weight different: ${h.ParentWeight} (header) != ${pweight} (computed)`)
  const baseFee = await computeBaseFee(deps.chain, base)
  if (baseFee !== h.ParentBaseFee) fail('BadBaseFee', `base fee doesn't match: ${h.ParentBaseFee} (header) != ${baseFee} (computed)`)

  const exec = await deps.execute(base)
  if (!sameCid(exec.stateRoot, h.ParentStateRoot)) {
    fail('BadStateRoot', `parent state root did not match computed state (${h.ParentStateRoot.toString()} != ${exec.stateRoot.toString()})`)
  }
  if (!sameCid(exec.receiptsRoot, h.ParentMessageReceipts)) {
    fail('BadReceiptsRoot', `parent receipts root did not match computed value (${exec.receiptsRoot.toString()} != ${h.ParentMessageReceipts.toString()})`)
  }

  const msgProblem = await blockMessagesProblem(deps, opts, block, base)
  if (msgProblem !== undefined) fail('BadMessages', `block had invalid messages: ${msgProblem}`)

  const prevBeacon = await latestBeaconEntry(async (k) => await deps.chain.loadTipSet(k), base)
  if (prevBeacon === undefined) return fail('BadBeaconEntries', 'found NO beacon entries in the 20 latest tipsets')
  const beaconProblem = beaconEntriesProblem(deps.beacon, h.Height, h.BeaconEntries, prevBeacon)
  if (beaconProblem !== undefined) fail('BadBeaconEntries', `failed to validate blocks random beacon values: ${beaconProblem}`)
  const lookback = await lookbackForRound(deps, opts, base, h.Height)
  const worker = await minerWorkerKey(deps, lookback.stateRoot, h.Miner)
  if (worker === undefined) return fail('MinerNotEligible', `miner ${h.Miner.toString()} has no miner actor at the lookback state`)

  // Election: a claimed win, an eligible miner, the worker's VRF and the win count the power gives.
  if (eproof.WinCount < 1) fail('BadElectionProof', 'block is not claiming to be a winner')
  if (!await minerEligibleToMine(deps, h.Miner, base, lookback.stateRoot)) fail('MinerNotEligible', 'block\'s miner is ineligible to mine')
  const rBeacon: BeaconEntry = h.BeaconEntries.length > 0 ? h.BeaconEntries[h.BeaconEntries.length - 1]! : prevBeacon
  const power = await deps.power.minerPower(lookback.stateRoot, h.Miner)
  if (power === undefined) return fail('MinerNotEligible', 'received block was from slashed or invalid miner')
  const election = checkElectionProof(
    { winCount: eproof.WinCount, vrfProof: eproof.VRFProof }, rBeacon.Data, h.Height, h.Miner, worker,
    power.miner.QualityAdjPower, power.network.QualityAdjPower)
  if (!election.valid) fail('BadElectionProof', `validating block election proof failed: ${election.reason}`)

  const ticketInput = ticketRandomness(rBeacon.Data, h.Height, h.Miner, base.minTicket.VRFProof)
  if (!verifyVrf(worker, ticketInput, ticket.VRFProof)) fail('BadTicket', `validating block tickets failed: not ${worker.toString()}'s VRF over the ticket randomness`)

  await checkWinningPoSt(deps, block, rBeacon, lookback.stateRoot, fail)

  if (!verify(h.BlockSig!, worker, blockHeaderSigningBytes(h))) {
    fail('BadBlockSignature', `check block signature failed: not signed by the worker key ${worker.toString()}`)
  }
  return base
}

async function checkWinningPoSt (
  deps: ConsensusDeps, block: FullBlock, rBeacon: BeaconEntry, lookbackState: CID, fail: (kind: BlockInvalidKind, reason: string) => never
): Promise<void> {
  const h = block.Header
  if (h.WinPoStProof.length === 0) fail('BadWinningPoSt', 'invalid election post: no winning post proof given')
  const rand = winningPoStRandomness(rBeacon.Data, h.Height, h.Miner)
  const sectors = await sectorsForWinningPoSt(deps, lookbackState, h.Miner, rand)
  let ok: boolean
  try {
    ok = deps.verifier.verifyWinningPoSt({
      randomness: rand,
      proofs: h.WinPoStProof.map((p) => ({ postProof: registeredPoStProof(p.PoStProof, 'WinPoStProof'), proofBytes: p.ProofBytes })),
      challengedSectors: sectors.map((s) => ({ sealProof: registeredSealProof(s.SealProof, 'sector'), sectorNumber: s.SectorNumber, sealedCid: s.SealedCID })),
      prover: minerActorId(h.Miner)
    })
  } catch {
    ok = false
  }
  if (!ok) fail('BadWinningPoSt', 'invalid election post: winning post was invalid')
}
