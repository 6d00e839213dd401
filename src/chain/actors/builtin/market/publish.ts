import type { Address } from '../../../../core/address/index.js'
import { encodeCbor } from '../../../../core/cbor/index.js'
import { BitField } from '../../../../core/bitfield/index.js'
import type { CID } from '../../../../core/cid.js'
import { cidForBlock, uintKey } from '../../../../core/ipld/index.js'
import type { DealId, TokenAmount } from '../../../../core/types.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import { VerifiedRegistryActorAddr } from '../addresses.js'
import { policyOf } from '../power/policy.js'
import { bytesParamsCbor, VerifregMethods } from '../verifreg/types.js'
import { scheduleDeals } from './deal-index.js'
import { authenticate, currentBaselinePower, currentNetworkRawPower, isMiner, minerControlAddresses } from './external.js'
import { balanceCovered, lockClientAndProvider } from './ledger.js'
import {
  dealClientCollateralBounds, dealDurationBounds, DealMaxLabelSize, dealPricePerEpochBounds, dealProviderCollateralBounds,
  isPieceCid, isValidPaddedPieceSize, nextUpdateEpoch
} from './policy.js'
import { MarketCollections, marketStateCbor } from './state.js'
import {
  dealClientBalanceRequirement, dealDuration, dealLabelLength, dealProposalCbor, type ClientDealProposal, type DealProposal,
  type PublishStorageDealsParams, type PublishStorageDealsReturn
} from './types.js'

/** Why a deal is invalid on its own, or null (builtin-actors `validate_deal`). */
async function invalidReason (rt: Runtime, deal: ClientDealProposal, networkRawPower: bigint, baselinePower: bigint): Promise<string | null> {
  const p = deal.Proposal
  const client = await rt.resolveAddress(p.Client)
  if (client === null) return `failed to resolve client ${p.Client.toString()}`
  if (!await authenticate(rt, client, deal.ClientSignature.data, encodeCbor(dealProposalCbor, p))) return 'proposal authentication failed'
  if (dealLabelLength(p.Label) > DealMaxLabelSize) return `deal label can be at most ${DealMaxLabelSize} bytes, is ${dealLabelLength(p.Label)}`
  if (!isValidPaddedPieceSize(p.PieceSize)) return `proposal piece size ${p.PieceSize} is invalid`
  if (!isPieceCid(p.PieceCID)) return 'proposal PieceCID undefined'
  if (p.EndEpoch <= p.StartEpoch) return 'proposal end before proposal start'
  if (rt.currentEpoch > p.StartEpoch) return 'Deal start epoch has already elapsed.'
  const dur = dealDurationBounds(rt.policy)
  if (dealDuration(p) < dur.min || dealDuration(p) > dur.max) return `Deal duration out of bounds: ${dealDuration(p)} epochs, allowed ${dur.min} to ${dur.max}.`
  const price = dealPricePerEpochBounds()
  if (p.StoragePricePerEpoch < price.min || p.StoragePricePerEpoch > price.max) return 'Storage price out of bounds.'
  const pc = dealProviderCollateralBounds(policyOf(rt), BigInt(p.PieceSize), networkRawPower, baselinePower, rt.circulatingSupply)
  if (p.ProviderCollateral < pc.min || p.ProviderCollateral > pc.max) return 'Provider collateral out of bounds.'
  const cc = dealClientCollateralBounds()
  if (p.ClientCollateral < cc.min || p.ClientCollateral > cc.max) return 'Client collateral out of bounds.'
  return null
}

/**
 * PublishStorageDeals (builtin-actors `publish_storage_deals`): the sender must be the
 * provider's worker or a control address; each deal is checked on its own (signature, label,
 * piece, epochs, bounds), then against the escrow (cumulatively across the batch), for
 * duplicates (in the pending set or the batch) and, if verified, for the client's datacap.
 * Invalid deals are skipped; the message fails only if none is valid. Valid deals get IDs in
 * input order, their funds locked and their first cron update scheduled.
 */
export async function publishStorageDeals (rt: Runtime, params: PublishStorageDealsParams): Promise<PublishStorageDealsReturn> {
  const first = params.Deals[0]
  if (first === undefined) return rt.abort(ExitCode.ErrIllegalArgument, 'Empty deals parameter')
  const providerRaw = first.Proposal.Provider
  const provider = await rt.resolveAddress(providerRaw)
  if (provider === null) return rt.abort(ExitCode.ErrNotFound, `failed to resolve provider address ${providerRaw.toString()}`)
  if (!await isMiner(rt, provider)) rt.abort(ExitCode.ErrIllegalArgument, 'deal provider is not a storage miner actor')
  const control = await minerControlAddresses(rt, provider)
  if (!rt.caller.equals(control.Worker) && !control.ControlAddresses.some((a) => a.equals(rt.caller))) {
    rt.abort(ExitCode.ErrForbidden, `caller ${rt.caller.toString()} is not worker or control address of provider ${provider.toString()}`)
  }
  const baseline = await currentBaselinePower(rt)
  const networkRaw = await currentNetworkRawPower(rt)

  const reasons: Array<string | null> = []
  for (const deal of params.Deals) reasons.push(await invalidReason(rt, deal, networkRaw, baseline))

  const reader = new MarketCollections(rt.store, await rt.state.read(marketStateCbor))
  const pending = await reader.pending()
  const seen = new Set<string>()
  const clientLockup = new Map<string, bigint>()
  let providerLockup = 0n
  const valid: Array<{ proposal: DealProposal, cid: Uint8Array }> = []
  let validBits = BitField.empty()
  for (const [i, deal] of params.Deals.entries()) {
    if (reasons[i] !== null) continue
    const p = deal.Proposal
    if (!p.Provider.equals(provider) && !p.Provider.equals(providerRaw)) continue
    const client = await rt.resolveAddress(p.Client)
    if (client === null) continue
    const clientTotal = (clientLockup.get(client.toString()) ?? 0n) + dealClientBalanceRequirement(p)
    if (!await balanceCovered(reader, client, clientTotal)) continue
    const providerTotal = providerLockup + p.ProviderCollateral
    if (!await balanceCovered(reader, provider, providerTotal)) continue
    const normalised: DealProposal = { ...p, Client: client, Provider: provider }
    const pcid = dealProposalCid(normalised)
    const key = pcid.toString()
    if (seen.has(key) || await pending.has(pcid.bytes)) continue
    if (p.VerifiedDeal && !await useDatacap(rt, client, BigInt(p.PieceSize))) continue
    providerLockup = providerTotal
    clientLockup.set(client.toString(), clientTotal)
    seen.add(key)
    valid.push({ proposal: normalised, cid: pcid.bytes })
    validBits = validBits.withBit(i)
  }
  if (valid.length === 0) rt.abort(ExitCode.ErrIllegalArgument, 'All deal proposals invalid')

  const interval = policyOf(rt).dealUpdatesInterval
  const ids = await rt.state.transaction(marketStateCbor, async (st) => {
    const c = new MarketCollections(rt.store, st)
    const out: DealId[] = []
    const schedule: Array<[number, DealId]> = []
    for (const d of valid) {
      await lockClientAndProvider(c, d.proposal)
      await (await c.pending()).set(d.cid, null)
      const id = st.NextID
      st.NextID = (id + 1) as DealId
      await (await c.proposals()).set(id, d.proposal)
      if (d.proposal.VerifiedDeal) await (await c.pendingAllocations()).set(uintKey(id), BigInt(id) + 1n)
      schedule.push([nextUpdateEpoch(id, interval, d.proposal.StartEpoch), id])
      out.push(id)
    }
    await scheduleDeals(c, schedule)
    await c.flush()
    return out
  })
  return { IDs: ids, ValidDeals: validBits }
}

/** The on-chain proposal CID: dag-cbor, blake2b-256 over the proposal's CBOR (builtin-actors `deal_cid`). */
export function dealProposalCid (p: DealProposal): CID {
  return cidForBlock(encodeCbor(dealProposalCbor, p))
}

/** Spends a client's datacap on a verified deal (v8 UseBytes); false if the registry refuses. */
async function useDatacap (rt: Runtime, client: Address, size: bigint): Promise<boolean> {
  const params = encodeCbor(bytesParamsCbor, { Address: client, DealSize: size })
  const ret = await rt.send(VerifiedRegistryActorAddr, VerifregMethods.UseBytes, params, 0n as TokenAmount)
  return ret.exitCode === ExitCode.Ok
}

