/**
 * Whether to take a proposed deal, in Boost's order and words (`deal_acceptance.go`,
 * `dealfilter.go`): the proposal itself (signature, provider, label, piece, epochs, collateral,
 * price against the ask, the client's escrow, DataCap), prefixed `failed validation:`; then the
 * `[Dealmaking]` filter. Returns the reason to refuse, or undefined to accept.
 */
import type { FullNodeApi } from '../../api/fullnode/index.js'
import { TipSetKey } from '../../chain/types/index.js'
import type { Address } from '../../core/address/index.js'
import { encodeCbor } from '../../core/cbor/index.js'
import { verify } from '../../core/crypto/index.js'
import { FIL_COMMITMENT_UNSEALED } from '../../core/piece/index.js'
import type { MinerConfig } from '../../repo/index.js'
import { goDurationToMs } from '../../repo/config/duration.js'
import { type ClientDealProposal, dealClientBalanceRequirement, dealLabelLength, dealProposalCbor } from '../../chain/actors/builtin/market/types.js'
import type { SignedStorageAsk } from '../../protocols/ask.js'

export type ValidationChain = Pick<FullNodeApi, 'ChainHead' | 'StateAccountKey' | 'StateDealProviderCollateralBounds' | 'StateMarketBalance' | 'StateVerifiedClientStatus'>

export interface ValidationContext {
  chain: ValidationChain
  miner: Address
  ask: SignedStorageAsk | undefined
  dealmaking: MinerConfig['Dealmaking']
  blockDelaySecs: number
  isOffline: boolean
}

const SHA2_256_TRUNC254_PADDED = 0x1012
const GiB = 1n << 30n

/** The first reason to refuse the deal, or undefined. */
export async function checkProposal (cdp: ClientDealProposal, x: ValidationContext): Promise<string | undefined> {
  const head = (await x.chain.ChainHead()).height
  const invalid = await validateProposal(cdp, x, head)
  if (invalid !== undefined) return `failed validation: ${invalid}`
  return basicFilter(cdp, x, head)
}

async function validateProposal ({ Proposal: p, ClientSignature }: ClientDealProposal, x: ValidationContext, head: number): Promise<string | undefined> {
  const tsk = TipSetKey.empty
  const clientKey = await x.chain.StateAccountKey(p.Client, tsk)
  if (!verify(ClientSignature, clientKey, encodeCbor(dealProposalCbor, p))) return 'invalid signature'
  if (!p.Provider.equals(x.miner)) return `incorrect provider for deal; proposal.Provider: ${p.Provider.toString()}; provider.Address: ${x.miner.toString()}`
  const labelLength = dealLabelLength(p.Label)
  if (labelLength > 256) return `deal label can be at most 256 bytes, is ${labelLength}`
  if (p.PieceSize < 128 || !Number.isSafeInteger(p.PieceSize) || (BigInt(p.PieceSize) & BigInt(p.PieceSize - 1)) !== 0n) return `proposal piece size is invalid: padded piece size must be a power of 2 of at least 128 bytes, got ${p.PieceSize}`
  if (p.PieceCID.version !== 1 || p.PieceCID.code !== FIL_COMMITMENT_UNSEALED || p.PieceCID.multihash.code !== SHA2_256_TRUNC254_PADDED || p.PieceCID.multihash.size !== 32) {
    return 'proposal PieceCID had wrong prefix'
  }
  if (p.EndEpoch <= p.StartEpoch) return `proposal end ${p.EndEpoch} before proposal start ${p.StartEpoch}`
  if (head > p.StartEpoch) return `deal start epoch ${p.StartEpoch} has already elapsed (current epoch: ${head})`

  const bounds = await x.chain.StateDealProviderCollateralBounds(p.PieceSize as never, p.VerifiedDeal, tsk)
  if (p.ProviderCollateral < bounds.Min) return `proposed provider collateral ${p.ProviderCollateral} below minimum ${bounds.Min}`
  const max = bounds.Min * BigInt(x.dealmaking.MaxProviderCollateralMultiplier)
  if (p.ProviderCollateral > max) return `proposed provider collateral ${p.ProviderCollateral} above maximum ${max}`

  if (x.ask !== undefined) {
    const ask = x.ask.Ask
    const perGiB = p.VerifiedDeal ? ask.VerifiedPrice : ask.Price
    const minPrice = perGiB * BigInt(p.PieceSize) / GiB
    if (p.StoragePricePerEpoch < minPrice) return `storage price per epoch less than asking price: ${p.StoragePricePerEpoch} < ${minPrice}`
    if (p.PieceSize < ask.MinPieceSize) return `piece size less than minimum required size: ${p.PieceSize} < ${ask.MinPieceSize}`
    if (p.PieceSize > ask.MaxPieceSize) return `piece size more than maximum allowed size: ${p.PieceSize} > ${ask.MaxPieceSize}`
  }

  const balance = await x.chain.StateMarketBalance(p.Client, tsk)
  const needed = dealClientBalanceRequirement(p)
  if (balance.Escrow - balance.Locked < needed) return `client available funds in escrow ${balance.Escrow - balance.Locked} not enough to meet storage cost for deal ${needed}`

  if (p.VerifiedDeal) {
    const cap = await x.chain.StateVerifiedClientStatus(p.Client, tsk)
    if (cap === null) return 'client is not a verified client'
    if (cap < BigInt(p.PieceSize)) return `verified deal DataCap ${cap} too small for proposed piece size ${p.PieceSize}`
  }
  return undefined
}

/** Boost's basic deal filter over `[Dealmaking]` (reasons without the validation prefix). */
function basicFilter ({ Proposal: p }: ClientDealProposal, x: ValidationContext, head: number): string | undefined {
  const d = x.dealmaking
  if (!x.isOffline && !d.ConsiderOnlineStorageDeals) return 'miner is not considering online storage deals'
  if (x.isOffline && !d.ConsiderOfflineStorageDeals) return 'miner is not accepting offline storage deals'
  if (p.VerifiedDeal && !d.ConsiderVerifiedStorageDeals) return 'miner is not accepting verified storage deals'
  if (!p.VerifiedDeal && !d.ConsiderUnverifiedStorageDeals) return 'miner is not accepting unverified storage deals'
  if (d.PieceCidBlocklist.some((c) => c === p.PieceCID.toString())) return `miner has blocklisted piece CID ${p.PieceCID.toString()}`
  const delay = Math.max(1, x.blockDelaySecs)
  const earliest = head + Math.ceil(goDurationToMs(d.ExpectedSealDuration) / 1000 / delay)
  if (p.StartEpoch < earliest) return `cannot seal a sector before ${earliest}`
  const latest = earliest + Math.floor(goDurationToMs(d.MaxDealStartDelay) / 1000 / delay)
  if (!x.isOffline && p.StartEpoch > latest) return `deal start epoch is too far in the future: ${p.StartEpoch} > ${latest}`
  return undefined
}
