import type { Address } from '../../../../core/address/index.js'
import type { TokenAmount } from '../../../../core/types.js'
import { ActorError } from '../../../vm/errors.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { MarketCollections } from './state.js'
import { dealClientBalanceRequirement, dealTotalStorageFee, type DealProposal } from './types.js'

/** Which locked total an unlock comes out of (builtin-actors `Reason`). */
export type LockReason = 'ClientCollateral' | 'ClientStorageFee' | 'ProviderCollateral'

function illegal (message: string): ActorError {
  return new ActorError(ExitCode.ErrIllegalState, message)
}

/** Whether `addr`'s escrow covers what is locked plus `amount`. */
export async function balanceCovered (c: MarketCollections, addr: Address, amount: bigint): Promise<boolean> {
  return (await (await c.locked()).get(addr)) + amount <= (await (await c.escrow()).get(addr))
}

async function lock (c: MarketCollections, addr: Address, amount: bigint): Promise<void> {
  if (amount < 0n) throw illegal(`cannot lock negative amount ${amount}`)
  const locked = await c.locked()
  const prev = await locked.get(addr)
  const escrow = await (await c.escrow()).get(addr)
  if (prev + amount > escrow) {
    throw new ActorError(ExitCode.ErrInsufficientFunds, `not enough balance to lock for ${addr.toString()}: escrow ${escrow} < locked ${prev} + ${amount}`)
  }
  await locked.add(addr, amount)
}

/** Locks a published deal's client fee and collateral and the provider's collateral. */
export async function lockClientAndProvider (c: MarketCollections, p: DealProposal): Promise<void> {
  await lock(c, p.Client, dealClientBalanceRequirement(p))
  await lock(c, p.Provider, p.ProviderCollateral)
  c.st.TotalClientLockedCollateral = (c.st.TotalClientLockedCollateral + p.ClientCollateral) as TokenAmount
  c.st.TotalClientStorageFee = (c.st.TotalClientStorageFee + dealTotalStorageFee(p)) as TokenAmount
  c.st.TotalProviderLockedCollateral = (c.st.TotalProviderLockedCollateral + p.ProviderCollateral) as TokenAmount
}

export async function unlock (c: MarketCollections, addr: Address, amount: bigint, reason: LockReason): Promise<void> {
  if (amount < 0n) throw illegal(`unlock negative amount: ${amount}`)
  await (await c.locked()).mustSubtract(addr, amount)
  const key = `Total${reason === 'ClientStorageFee' ? 'ClientStorageFee' : reason === 'ClientCollateral' ? 'ClientLockedCollateral' : 'ProviderLockedCollateral'}` as const
  c.st[key] = (c.st[key] - amount) as TokenAmount
}

/** Pays `amount` of locked storage fee from client to provider. */
export async function transferBalance (c: MarketCollections, from: Address, to: Address, amount: bigint): Promise<void> {
  if (amount < 0n) throw illegal(`transfer negative amount: ${amount}`)
  const escrow = await c.escrow()
  await escrow.mustSubtract(from, amount)
  await unlock(c, from, amount, 'ClientStorageFee')
  await escrow.add(to, amount)
}

/** Takes `amount` of locked funds out of escrow (the caller burns it). */
export async function slashBalance (c: MarketCollections, addr: Address, amount: bigint, reason: LockReason): Promise<void> {
  if (amount < 0n) throw illegal(`negative amount to slash: ${amount}`)
  await (await c.escrow()).mustSubtract(addr, amount)
  await unlock(c, addr, amount, reason)
}

/** Storage fee still owed after `slashEpoch` (builtin-actors `deal_get_payment_remaining`). */
export function paymentRemaining (p: DealProposal, slashEpoch: number): TokenAmount {
  if (slashEpoch > p.EndEpoch) throw illegal(`deal slash epoch ${slashEpoch} after end epoch ${p.EndEpoch}`)
  const from = Math.max(slashEpoch, p.StartEpoch)
  return (p.StoragePricePerEpoch * BigInt(p.EndEpoch - from)) as TokenAmount
}

/**
 * A deal not activated by its start epoch: the client's fee and collateral are unlocked and
 * the provider's whole collateral is slashed (builtin-actors `process_deal_init_timed_out`).
 * Returns the amount to burn.
 */
export async function processDealInitTimedOut (c: MarketCollections, p: DealProposal): Promise<TokenAmount> {
  await unlock(c, p.Client, dealTotalStorageFee(p), 'ClientStorageFee')
  await unlock(c, p.Client, p.ClientCollateral, 'ClientCollateral')
  await slashBalance(c, p.Provider, p.ProviderCollateral, 'ProviderCollateral')
  return p.ProviderCollateral
}

/** A terminated deal: pay up to the slash epoch, refund the rest to the client, slash the provider. */
export async function processSlashedDeal (
  c: MarketCollections, p: DealProposal, lastUpdated: number, slashEpoch: number
): Promise<TokenAmount> {
  const start = Math.max(p.StartEpoch, lastUpdated)
  const end = Math.min(p.EndEpoch, slashEpoch)
  const payment = p.StoragePricePerEpoch * BigInt(Math.max(0, end - start))
  if (payment > 0n) await transferBalance(c, p.Client, p.Provider, payment)
  await unlock(c, p.Client, paymentRemaining(p, slashEpoch), 'ClientStorageFee')
  await unlock(c, p.Client, p.ClientCollateral, 'ClientCollateral')
  await slashBalance(c, p.Provider, p.ProviderCollateral, 'ProviderCollateral')
  return p.ProviderCollateral
}

/** A deal past its end: collateral returns to both parties (builtin-actors `process_deal_expired`). */
export async function processDealExpired (c: MarketCollections, p: DealProposal): Promise<void> {
  await unlock(c, p.Provider, p.ProviderCollateral, 'ProviderCollateral')
  await unlock(c, p.Client, p.ClientCollateral, 'ClientCollateral')
}
