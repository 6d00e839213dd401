/**
 * Constructor, addresses, peer info and balances: builtin-actors' `constructor`,
 * `control_addresses`, `change_worker_address`, `confirm_change_worker_address`,
 * `change_peer_id`, `change_multiaddrs`, `change_owner_address`, `withdraw_balance`,
 * `apply_rewards`, `repay_debt`.
 */
import type { Address } from '../../../../core/address/index.js'
import { BitField } from '../../../../core/bitfield/index.js'
import { NelumboError } from '../../../../core/errors.js'
import { Amt, Hamt } from '../../../../core/ipld/index.js'
import { postProofSectorSize, registeredPoStProof, windowPoStPartitionSectors } from '../../../../core/sector/index.js'
import type { TokenAmount } from '../../../../core/types.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import { AccountActorCode } from '../codes.js'
import {
  anyControl, availableBalance, burnFunds, callerMustBe, policyOf, repayDebt, applyPenalty, resolveControl
} from './context.js'
import { assignProvingPeriodOffset, currentDeadlineIndex, currentProvingPeriodStart } from './dline.js'
import {
  BitWidths, deadlineCbor, deadlinesCbor, minerInfoCbor, minerStateCbor, vestingFundsCbor, type MinerInfo, type MinerState
} from './state.js'
import { MinerStore, newDeadline, putTyped } from './store.js'
import {
  bitfieldCbor, type ApplyRewardParams, type ChangeMultiaddrsParams, type ChangePeerIDParams,
  type ChangeWorkerAddressParams, type GetControlAddressesReturn, type MinerConstructorParams, type WithdrawBalanceParams
} from './types.js'

export async function readInfo (rt: Runtime): Promise<MinerInfo> {
  const st = await rt.state.read(minerStateCbor)
  return await new MinerStore(rt.store, st).info()
}

/** Resolves a worker: it must be an account actor. */
async function resolveWorker (rt: Runtime, addr: Address): Promise<Address> {
  const id = await resolveControl(rt, addr, 'worker')
  const code = await rt.getActorCodeCid(id)
  if (code === null || !code.equals(AccountActorCode)) rt.abort(ExitCode.ErrIllegalArgument, `worker actor ${addr.toString()} must be an account actor`)
  return id
}

async function resolveControls (rt: Runtime, addrs: readonly Address[]): Promise<Address[]> {
  const max = policyOf(rt).MaxControlAddresses
  if (addrs.length > max) rt.abort(ExitCode.ErrIllegalArgument, `control addresses length ${addrs.length} exceeds max control addresses length ${max}`)
  const out: Address[] = []
  for (const a of addrs) out.push(await resolveControl(rt, a, 'control address'))
  return out
}

function checkPeerInfo (rt: Runtime, peer: Uint8Array | null, multiaddrs: readonly Uint8Array[] | null): void {
  const policy = policyOf(rt)
  if (peer !== null && peer.length > policy.MaxPeerIDLength) {
    rt.abort(ExitCode.ErrIllegalArgument, `peer ID size of ${peer.length} exceeds maximum size of ${policy.MaxPeerIDLength}`)
  }
  if (multiaddrs !== null) {
    let total = 0
    for (const m of multiaddrs) {
      if (m.length === 0) rt.abort(ExitCode.ErrIllegalArgument, 'invalid empty multiaddr')
      total += m.length
    }
    if (total > policy.MaxMultiaddrData) rt.abort(ExitCode.ErrIllegalArgument, `multiaddr size of ${total} exceeds maximum of ${policy.MaxMultiaddrData}`)
  }
}

export async function construct (rt: Runtime, p: MinerConstructorParams): Promise<void> {
  const policy = policyOf(rt)
  if (!policy.ValidPoStProofTypes.includes(p.WindowPoStProofType as never)) {
    rt.abort(ExitCode.ErrIllegalArgument, `proof type ${p.WindowPoStProofType} not allowed for new miner actors`)
  }
  let sectorSize: bigint
  let partitionSectors: number
  try {
    const proof = registeredPoStProof(p.WindowPoStProofType)
    sectorSize = BigInt(postProofSectorSize(proof))
    partitionSectors = windowPoStPartitionSectors(proof)
  } catch (err) {
    if (err instanceof NelumboError) rt.abort(ExitCode.ErrIllegalArgument, err.message)
    throw err
  }
  const owner = await resolveControl(rt, p.OwnerAddr, 'owner')
  const worker = await resolveWorker(rt, p.WorkerAddr)
  const controls = await resolveControls(rt, p.ControlAddrs)
  checkPeerInfo(rt, p.PeerId, p.Multiaddrs)

  const epoch = rt.currentEpoch
  const offset = assignProvingPeriodOffset(policy, rt.receiver, epoch)
  const periodStart = currentProvingPeriodStart(policy, epoch, offset)
  const deadlineIndex = currentDeadlineIndex(policy, epoch, periodStart)

  const store = rt.store
  const info: MinerInfo = {
    Owner: owner,
    Worker: worker,
    ControlAddresses: controls,
    PendingWorkerKey: null,
    PeerId: p.PeerId,
    Multiaddrs: p.Multiaddrs,
    WindowPoStProofType: p.WindowPoStProofType,
    SectorSize: sectorSize,
    WindowPoStPartitionSectors: partitionSectors,
    ConsensusFaultElapsed: -1,
    PendingOwnerAddress: null,
    Beneficiary: owner,
    BeneficiaryTerm: { Quota: 0n as TokenAmount, UsedQuota: 0n as TokenAmount, Expiration: 0 },
    PendingBeneficiaryTerm: null
  }
  const emptyDeadline = await putTyped(store, deadlineCbor, await newDeadline(store))
  const deadlines = await putTyped(store, deadlinesCbor, { Due: Array.from({ length: policy.WPoStPeriodDeadlines }, () => emptyDeadline) })
  const zero = 0n as TokenAmount
  const st: MinerState = {
    Info: await putTyped(store, minerInfoCbor, info),
    PreCommitDeposits: zero,
    LockedFunds: zero,
    VestingFunds: await putTyped(store, vestingFundsCbor, { Funds: [] }),
    FeeDebt: zero,
    InitialPledge: zero,
    PreCommittedSectors: await Hamt.create(store, { bitWidth: BitWidths.PreCommittedSectors }).flush(),
    PreCommittedSectorsCleanUp: await Amt.create(store, { bitWidth: BitWidths.PreCommitCleanUp }).flush(),
    AllocatedSectors: await putTyped(store, bitfieldCbor, BitField.empty()),
    Sectors: await Amt.create(store, { bitWidth: BitWidths.Sectors }).flush(),
    ProvingPeriodStart: periodStart,
    CurrentDeadline: deadlineIndex,
    Deadlines: deadlines,
    EarlyTerminations: BitField.empty(),
    DeadlineCronActive: false
  }
  await rt.state.create(minerStateCbor, st)
}

export async function controlAddresses (rt: Runtime): Promise<GetControlAddressesReturn> {
  const info = await readInfo(rt)
  return { Owner: info.Owner, Worker: info.Worker, ControlAddresses: info.ControlAddresses }
}

/** Changes the worker after WorkerKeyChangeDelay (only if none is pending) and the control addresses at once. */
export async function changeWorkerAddress (rt: Runtime, p: ChangeWorkerAddressParams): Promise<void> {
  const worker = await resolveWorker(rt, p.NewWorker)
  const controls = await resolveControls(rt, p.NewControlAddrs)
  const delay = policyOf(rt).WorkerKeyChangeDelay
  await rt.state.transaction(minerStateCbor, async (st) => {
    const ms = new MinerStore(rt.store, st)
    const info = await ms.info()
    callerMustBe(rt, [info.Owner], 'the owner')
    info.ControlAddresses = controls
    if (!worker.equals(info.Worker) && info.PendingWorkerKey === null) {
      info.PendingWorkerKey = { NewWorker: worker, EffectiveAt: rt.currentEpoch + delay }
    }
    await ms.saveInfo(info)
  })
}

/** Makes a pending worker change effective once its epoch has come (builtin-actors `confirm_update_worker_key`). */
export async function confirmChangeWorkerAddress (rt: Runtime): Promise<void> {
  await rt.state.transaction(minerStateCbor, async (st) => {
    const ms = new MinerStore(rt.store, st)
    const info = await ms.info()
    callerMustBe(rt, [info.Owner], 'the owner')
    const pending = info.PendingWorkerKey
    if (pending === null) rt.abort(ExitCode.ErrIllegalState, 'no pending key change')
    if (pending.EffectiveAt > rt.currentEpoch) {
      rt.abort(ExitCode.ErrForbidden, `worker key change cannot be confirmed until ${pending.EffectiveAt}, current epoch ${rt.currentEpoch}`)
    }
    info.Worker = pending.NewWorker
    info.PendingWorkerKey = null
    await ms.saveInfo(info)
  })
}

export async function changePeerId (rt: Runtime, p: ChangePeerIDParams): Promise<void> {
  checkPeerInfo(rt, p.NewID, null)
  await rt.state.transaction(minerStateCbor, async (st) => {
    const ms = new MinerStore(rt.store, st)
    const info = await ms.info()
    callerMustBe(rt, anyControl(info), 'the owner, worker or a control address')
    info.PeerId = p.NewID
    await ms.saveInfo(info)
  })
}

export async function changeMultiaddrs (rt: Runtime, p: ChangeMultiaddrsParams): Promise<void> {
  checkPeerInfo(rt, null, p.NewMultiaddrs)
  await rt.state.transaction(minerStateCbor, async (st) => {
    const ms = new MinerStore(rt.store, st)
    const info = await ms.info()
    callerMustBe(rt, anyControl(info), 'the owner, worker or a control address')
    info.Multiaddrs = p.NewMultiaddrs
    await ms.saveInfo(info)
  })
}

/**
 * Two-step owner change: the owner proposes an ID address (proposing the owner itself cancels),
 * then that address confirms by sending the same parameter.
 */
export async function changeOwnerAddress (rt: Runtime, newOwner: Address): Promise<void> {
  if (newOwner.protocol !== 0) rt.abort(ExitCode.ErrIllegalArgument, `owner address must be an ID address, got ${newOwner.toString()}`)
  await rt.state.transaction(minerStateCbor, async (st) => {
    const ms = new MinerStore(rt.store, st)
    const info = await ms.info()
    if (rt.caller.equals(info.Owner)) {
      info.PendingOwnerAddress = newOwner.equals(info.Owner) ? null : newOwner
    } else if (info.PendingOwnerAddress !== null && rt.caller.equals(info.PendingOwnerAddress)) {
      if (!newOwner.equals(info.PendingOwnerAddress)) {
        rt.abort(ExitCode.ErrIllegalArgument, `new owner address ${newOwner.toString()} does not match pending owner ${info.PendingOwnerAddress.toString()}`)
      }
      if (info.Beneficiary.equals(info.Owner)) info.Beneficiary = newOwner
      info.Owner = newOwner
      info.PendingOwnerAddress = null
    } else {
      rt.abort(ExitCode.ErrForbidden, `caller ${rt.caller.toString()} is neither the owner nor the proposed owner`)
    }
    await ms.saveInfo(info)
  })
}

/** Pays fee debt first, then sends min(requested, available) to the beneficiary; returns the amount sent. */
export async function withdrawBalance (rt: Runtime, p: WithdrawBalanceParams): Promise<TokenAmount> {
  if (p.AmountRequested < 0n) rt.abort(ExitCode.ErrIllegalArgument, `negative fund requested for withdrawal: ${p.AmountRequested}`)
  const balance = await rt.currentBalance()
  const { beneficiary, amount, burn } = await rt.state.transaction(minerStateCbor, async (st) => {
    const ms = new MinerStore(rt.store, st)
    const info = await ms.info()
    callerMustBe(rt, [info.Owner, info.Beneficiary], 'the owner or the beneficiary')
    const burn = repayDebt(st, balance)
    const available = availableBalance(balance - burn, st)
    const amount = available < p.AmountRequested ? (available < 0n ? 0n : available) : p.AmountRequested
    return { beneficiary: info.Beneficiary, amount, burn }
  })
  await burnFunds(rt, burn)
  if (amount > 0n) await rt.transfer(beneficiary, amount as TokenAmount)
  return amount as TokenAmount
}

/**
 * Block rewards from the reward actor. Nelumbo does not vest rewards (simplification): they are
 * available at once; the penalty is charged from the unlocked balance or recorded as fee debt.
 */
export async function applyRewards (rt: Runtime, p: ApplyRewardParams): Promise<void> {
  if (p.Reward < 0n) rt.abort(ExitCode.ErrIllegalArgument, `cannot lock up a negative amount of funds ${p.Reward}`)
  if (p.Penalty < 0n) rt.abort(ExitCode.ErrIllegalArgument, `cannot penalize a negative amount of funds ${p.Penalty}`)
  const balance = await rt.currentBalance()
  const burn = await rt.state.transaction(minerStateCbor, (st) => applyPenalty(st, balance, p.Penalty))
  await burnFunds(rt, burn)
}

/** Pays fee debt from the unlocked balance (including the value sent). */
export async function repayDebtMethod (rt: Runtime): Promise<void> {
  const balance = await rt.currentBalance()
  const burn = await rt.state.transaction(minerStateCbor, async (st) => {
    const info = await new MinerStore(rt.store, st).info()
    callerMustBe(rt, anyControl(info), 'the owner, worker or a control address')
    return repayDebt(st, balance)
  })
  await burnFunds(rt, burn)
}
