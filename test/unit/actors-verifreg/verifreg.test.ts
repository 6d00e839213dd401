import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import { bytes } from '../../../src/core/cbor/scalars.js'
import type { ChainEpoch, DealId, SectorNumber } from '../../../src/core/types.js'
import { StorageMarketActorAddr, VerifiedRegistryActorAddr } from '../../../src/chain/actors/index.js'
import {
  batchActivateDealsParamsCbor, batchActivateDealsResultCbor, MarketMethods, publishStorageDealsReturnCbor
} from '../../../src/chain/actors/builtin/market/index.js'
import {
  bytesParamsCbor, claimAllocationsParamsCbor, claimAllocationsReturnCbor, readVerifiedClientStatus, readVerifierStatus,
  readVerifregState, verifierParamsCbor, VerifregMethods
} from '../../../src/chain/actors/builtin/verifreg/index.js'
import { address } from '../../../src/core/cbor/scalars.js'
import { ExitCode } from '../../../src/chain/vm/index.js'
import { marketFixture, MinDuration, proposal, publishParams, signDeal, type MarketFixture } from '../actors-market/market-kit.js'

const V = VerifregMethods
const vp = (a: MarketFixture['addrs'][number], allowance: bigint): Uint8Array => encodeCbor(verifierParamsCbor, { Address: a, Allowance: allowance })

/** Root key is account 3; account 2 becomes a verifier with 1 MiB and gives client account 1 4 KiB. */
async function verifiedSetup (): Promise<MarketFixture> {
  const f = await marketFixture()
  assert.equal((await f.send(3, VerifiedRegistryActorAddr, V.AddVerifier, vp(f.addrs[2]!, 1n << 20n))).receipt.ExitCode, 0)
  const add = await f.send(2, VerifiedRegistryActorAddr, V.AddVerifiedClient, vp(f.addrs[1]!, 4096n))
  assert.equal(add.receipt.ExitCode, 0, add.error ?? '')
  return f
}

test('root key adds and removes verifiers; verifiers grant datacap within their allowance', async () => {
  const f = await verifiedSetup()
  assert.ok((await readVerifregState(f.tree)).RootKey.equals(f.ids[3]!))
  assert.equal(await readVerifierStatus(f.tree, f.addrs[2]!), (1n << 20n) - 4096n)
  assert.equal(await readVerifiedClientStatus(f.tree, f.addrs[1]!), 4096n)
  assert.equal(await readVerifiedClientStatus(f.tree, f.addrs[0]!), null)

  const code = async (from: number, m: number, params: Uint8Array): Promise<number> => (await f.send(from, VerifiedRegistryActorAddr, m, params)).receipt.ExitCode
  assert.equal(await code(1, V.AddVerifier, vp(f.addrs[0]!, 1n << 20n)), ExitCode.ErrForbidden, 'only the root key adds verifiers')
  assert.equal(await code(3, V.AddVerifier, vp(f.addrs[3]!, 1n << 20n)), ExitCode.ErrIllegalArgument, 'root cannot be a verifier')
  assert.equal(await code(3, V.AddVerifier, vp(f.addrs[1]!, 1n << 20n)), ExitCode.ErrIllegalArgument, 'a client cannot be a verifier')
  assert.equal(await code(3, V.AddVerifier, vp(f.addrs[0]!, 100n)), ExitCode.ErrIllegalArgument, 'below the minimum')
  assert.equal(await code(0, V.AddVerifiedClient, vp(f.addrs[1]!, 4096n)), ExitCode.ErrNotFound, 'not a verifier')
  assert.equal(await code(2, V.AddVerifiedClient, vp(f.addrs[0]!, 100n)), ExitCode.ErrIllegalArgument, 'below the minimum')
  assert.equal(await code(2, V.AddVerifiedClient, vp(f.addrs[0]!, 1n << 21n)), ExitCode.ErrIllegalArgument, 'more than the verifier has')
  assert.equal(await code(2, V.UseBytes, encodeCbor(bytesParamsCbor, { Address: f.addrs[1]!, DealSize: 2048n })), ExitCode.ErrForbidden, 'only the market spends datacap')

  assert.equal(await code(1, V.RemoveVerifier, encodeCbor(address, f.addrs[2]!)), ExitCode.ErrForbidden)
  assert.equal(await code(3, V.RemoveVerifier, encodeCbor(address, f.addrs[2]!)), 0)
  assert.equal(await readVerifierStatus(f.tree, f.addrs[2]!), null)
  assert.equal(await code(3, V.RemoveVerifier, encodeCbor(address, f.addrs[2]!)), ExitCode.ErrIllegalArgument)
})

test('verified deals spend datacap at publish, come back with an allocation at activation, and restore datacap on timeout', async () => {
  const f = await verifiedSetup()
  const deals = [1, 2, 3].map((seed) => signDeal(proposal(f, f.miner, { VerifiedDeal: true }, seed), f.keys[1]!))
  const ret = await f.send(0, StorageMarketActorAddr, MarketMethods.PublishStorageDeals, publishParams(deals))
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
  // 4 KiB of datacap covers two 2 KiB deals; the third is skipped.
  assert.deepEqual(decodeCbor(publishStorageDealsReturnCbor, ret.receipt.Return).ValidDeals.toArray(), [0, 1])
  assert.equal(await readVerifiedClientStatus(f.tree, f.addrs[1]!), null, 'datacap used up')

  f.setEpoch(50)
  const act = await f.asMiner(f.miner, StorageMarketActorAddr, MarketMethods.BatchActivateDeals, encodeCbor(batchActivateDealsParamsCbor, {
    Sectors: [{ SectorNumber: 1 as SectorNumber, SectorType: 5, SectorExpiry: (200 + MinDuration) as ChainEpoch, DealIDs: [0 as DealId] }],
    ComputeCid: false
  }))
  assert.equal(act.receipt.ExitCode, 0, act.error ?? '')
  const activated = decodeCbor(batchActivateDealsResultCbor, decodeCbor(bytes(), act.receipt.Return)).Activations[0]!.Activated[0]!
  assert.notEqual(activated.AllocationId, 0n, 'verified deal carries an allocation')

  // The miner claims it; verified space is what it gets 10x quality-adjusted power for.
  const claim = await f.asMiner(f.miner, VerifiedRegistryActorAddr, V.ClaimAllocations, encodeCbor(claimAllocationsParamsCbor, {
    Sectors: [{ Sector: 1, SectorExpiry: (200 + MinDuration) as ChainEpoch, Claims: [{ Client: activated.Client, AllocationId: activated.AllocationId, Data: activated.Data, Size: activated.Size }] }],
    AllOrNothing: true
  }))
  assert.equal(claim.receipt.ExitCode, 0, claim.error ?? '')
  assert.deepEqual(decodeCbor(claimAllocationsReturnCbor, decodeCbor(bytes(), claim.receipt.Return)).SectorClaims, [{ ClaimedSpace: 2048n }])
  const direct = await f.send(0, VerifiedRegistryActorAddr, V.ClaimAllocations, encodeCbor(claimAllocationsParamsCbor, { Sectors: [], AllOrNothing: true }))
  assert.equal(direct.receipt.ExitCode, ExitCode.ErrForbidden, 'only miners claim')

  // Deal 1 is never activated: at its start it times out and its datacap returns to the client.
  await f.cron(101)
  assert.equal(await readVerifiedClientStatus(f.tree, f.addrs[1]!), 2048n)
})
