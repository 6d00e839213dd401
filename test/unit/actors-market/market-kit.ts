// Deal builders and a market-ready fixture (a miner, escrow for client and provider).
import type { Address } from '../../../src/core/address/index.js'
import { encodeCbor } from '../../../src/core/cbor/index.js'
import { sign, type KeyInfo } from '../../../src/core/crypto/index.js'
import { commPToPieceCid } from '../../../src/core/piece/index.js'
import type { ChainEpoch, TokenAmount } from '../../../src/core/types.js'
import { StorageMarketActorAddr } from '../../../src/chain/actors/index.js'
import {
  addBalanceParamsCbor, dealProposalCbor, MarketMethods, publishStorageDealsParamsCbor, type ClientDealProposal, type DealProposal
} from '../../../src/chain/actors/builtin/market/index.js'
import { storageFixture, FIL, type StorageFixture } from '../actors-power/kit.js'
import { devnetPolicy } from '../../../src/chain/actors/policy.js'

// The devnet policy's shortest deal (the fixture's VM runs under devnetPolicy).
export const MinDuration = devnetPolicy.DealMinDuration

export function proposal (f: StorageFixture, miner: Address, over: Partial<DealProposal> = {}, seed = 1): DealProposal {
  return {
    PieceCID: commPToPieceCid(new Uint8Array(32).fill(seed)),
    PieceSize: 2048,
    VerifiedDeal: false,
    Client: f.addrs[1]!,
    Provider: miner,
    Label: `deal ${seed}`,
    StartEpoch: 100 as ChainEpoch,
    EndEpoch: (100 + MinDuration) as ChainEpoch,
    StoragePricePerEpoch: 1000n as TokenAmount,
    ProviderCollateral: 5000n as TokenAmount,
    ClientCollateral: 700n as TokenAmount,
    ...over
  }
}

export function signDeal (p: DealProposal, key: KeyInfo): ClientDealProposal {
  return { Proposal: p, ClientSignature: sign(key, encodeCbor(dealProposalCbor, p)) }
}

export function publishParams (deals: ClientDealProposal[]): Uint8Array {
  return encodeCbor(publishStorageDealsParamsCbor, { Deals: deals })
}

export interface MarketFixture extends StorageFixture { miner: Address }

/** A fixture with a miner owned and worked by account 0, 10 FIL of client escrow (account 1) and 10 FIL of provider escrow. */
export async function marketFixture (): Promise<MarketFixture> {
  const f = await storageFixture()
  const miner = (await f.createMiner(0)).IDAddress
  const add = async (from: number, who: Address): Promise<void> => {
    const ret = await f.send(from, StorageMarketActorAddr, MarketMethods.AddBalance, encodeCbor(addBalanceParamsCbor, who), 10n * FIL)
    if (ret.receipt.ExitCode !== 0) throw new Error(`AddBalance failed: ${ret.error ?? ''}`)
  }
  await add(1, f.addrs[1]!)
  await add(0, miner)
  return { ...f, miner }
}
