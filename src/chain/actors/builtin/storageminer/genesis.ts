/**
 * The miner actor's part of genesis (Lotus `SetupStorageMiners`, actors v14+): each pre-sealed
 * sector is pre-committed by the worker (seal randomness epoch -1, its deal and CommD), paid
 * for by the worker, then activated by the system actor through `InternalSectorSetupForPreseal`
 * with the reward and power actors' current estimates, which makes it active and claims its
 * power. Pass {@link activateGenesisSectors} as `storageGenesis({ activateSectors })`.
 */
import { decodeCbor } from '../../../../core/cbor/index.js'
import { sealProofSectorSize } from '../../../../core/sector/index.js'
import type { TokenAmount } from '../../../../core/types.js'
import type { ActivateGenesisSectors, GenesisSector } from '../../../genesis/genesis-miners.js'
import { RewardActorAddr, StoragePowerActorAddr, SystemActorAddr } from '../addresses.js'
import { InitialPledgeMaxPerByte } from '../miner/monies.js'
import { MinerMethods, preCommitSectorBatchParams2Cbor } from '../miner/types.js'
import { currentTotalPowerReturnCbor, PowerMethods } from '../power/types.js'
import { RewardMethods, thisEpochRewardReturnCbor } from '../reward/actor.js'
import { internalSectorSetupForPresealParamsCbor, InternalSectorSetupForPresealMethod } from './preseal.js'

const zero = 0n as TokenAmount

/**
 * What the worker sends with each pre-seal's pre-commit: an upper bound of its deposit and
 * initial pledge (both are capped at 1 FIL per 32 GiB of QA power; the deposit is reckoned on
 * ten times the sector size). What is not locked stays in the miner's available balance.
 */
export function presealFunding (s: Pick<GenesisSector, 'SealProof'>): TokenAmount {
  const size = BigInt(sealProofSectorSize(s.SealProof))
  return (size * 11n * InitialPledgeMaxPerByte) as TokenAmount
}

export const activateGenesisSectors: ActivateGenesisSectors = async (vm, ctx) => {
  const miner = ctx.miner
  for (const s of ctx.sectors) {
    const what = `pre-sealed sector ${s.SectorNumber} of ${miner.toString()}`
    await vm.exec(`pre-committing ${what}`, ctx.worker, miner, presealFunding(s), MinerMethods.PreCommitSectorBatch2, preCommitSectorBatchParams2Cbor, {
      Sectors: [{
        SealProof: s.SealProof,
        SectorNumber: s.SectorNumber,
        SealedCID: s.SealedCID,
        SealRandEpoch: -1,
        DealIDs: s.DealIDs.map(Number),
        Expiration: s.Expiration,
        UnsealedCid: s.DealIDs.length > 0 ? s.UnsealedCID : null
      }]
    })
    const reward = decodeCbor(thisEpochRewardReturnCbor,
      await vm.exec(`reading the epoch reward for ${what}`, miner, RewardActorAddr, zero, RewardMethods.ThisEpochReward, null, null), 'ThisEpochReward return')
    const power = decodeCbor(currentTotalPowerReturnCbor,
      await vm.exec(`reading the network power for ${what}`, miner, StoragePowerActorAddr, zero, PowerMethods.CurrentTotalPower, null, null), 'CurrentTotalPower return')
    await vm.exec(`activating ${what}`, SystemActorAddr, miner, zero, InternalSectorSetupForPresealMethod, internalSectorSetupForPresealParamsCbor, {
      Sectors: [s.SectorNumber],
      RewardSmoothed: reward.ThisEpochRewardSmoothed,
      RewardBaselinePower: reward.ThisEpochBaselinePower,
      QualityAdjPowerSmoothed: power.QualityAdjPowerSmoothed
    })
  }
}
