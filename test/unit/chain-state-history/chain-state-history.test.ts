// State reads at older tipsets (issue 4): after a few tipsets of value transfers, the balances
// and nonces read at each older tipset's state are the values of that time — first on the chain
// service's devnet kit (state roots read directly), then through the full node API
// (StateGetActor at an older TipSetKey) on an in-process node whose blocks come from the test
// block producer.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address } from '../../../src/core/address/index.js'
import type { CID } from '../../../src/core/cid.js'
import { keyAddress, type KeyInfo } from '../../../src/core/crypto/index.js'
import { signedMessageCid } from '../../../src/core/message/index.js'
import { RegisteredSealProof } from '../../../src/core/sector/index.js'
import { FilecoinPrecision } from '../../../src/core/token/index.js'
import type { ChainEpoch, MethodNum, SectorNumber, TokenAmount } from '../../../src/core/types.js'
import type { PowerView } from '../../../src/chain/consensus/index.js'
import { makeGenesis, newTemplate, preSeal, writeGenesisCarFile } from '../../../src/chain/genesis/index.js'
import { StateTree } from '../../../src/chain/state/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { chainGenesisTooling, startFullNode, type FullNode } from '../../../src/node/fullnode/index.js'
import { BlockProducer } from '../../kit/block-producer.js'
import { FIL, makeDevnet, mineAndSubmit, transfer } from '../chain-sync/kit.js'

async function actorAt (store: Parameters<typeof StateTree.load>[0], root: CID, addr: Address): Promise<{ balance: bigint, nonce: bigint }> {
  const a = await (await StateTree.load(store, root)).requireActor(addr)
  return { balance: a.Balance, nonce: a.Nonce }
}

describe('state at older tipsets (chain service)', () => {
  test('each tipset\'s state root keeps the balances and nonces of its time', async () => {
    const net = await makeDevnet()
    const { secp, secpId, blsId } = net.accounts
    const roots: CID[] = [net.genesis.parentState]
    let head = net.genesis
    // Epoch e carries e-1 transfers of 1 FIL from the secp account to the BLS account.
    let nonce = 0n
    for (let e = 1; e <= 5; e++) {
      const msgs = Array.from({ length: e - 1 }, () => transfer(secp, blsId, nonce++))
      await mineAndSubmit(net, net.minerA, head, e, msgs)
      head = net.chain.requireHead()
      roots.push((await net.svc.executeTipset(head)).stateRoot)
    }
    const start = await actorAt(net.chain.blockstore, roots[0]!, blsId)
    const senderStart = await actorAt(net.chain.blockstore, roots[0]!, secpId)
    let sent = 0n
    let lastSenderBalance = senderStart.balance
    for (let h = 0; h <= 5; h++) {
      const carried = BigInt(Math.max(0, h - 1))
      sent += carried
      const to = await actorAt(net.chain.blockstore, roots[h]!, blsId)
      const from = await actorAt(net.chain.blockstore, roots[h]!, secpId)
      assert.equal(to.balance, start.balance + sent * FIL, `recipient balance after height ${h}`)
      assert.equal(from.nonce, sent, `sender nonce after height ${h}`)
      if (carried > 0n) assert.ok(from.balance < lastSenderBalance - carried * FIL, `sender paid value and fees at height ${h}`)
      else assert.equal(from.balance, lastSenderBalance, `sender balance unchanged at height ${h}`)
      lastSenderBalance = from.balance
      // The child tipset carries the same root as its parent state.
      if (h < 5) {
        const child = await net.chain.getTipsetByHeight((h + 1) as ChainEpoch)
        assert.equal(child.parentState.toString(), roots[h]!.toString())
      }
    }
  })
})

describe('state at older tipsets (full node API)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-history-'))
  let node: FullNode | undefined
  let producer: BlockProducer | undefined
  let funded: KeyInfo
  let miner: Address

  before(async () => {
    const { template, keys } = newTemplate({ networkName: 'history-unit', params: { BlockDelayMs: 200 }, accounts: 2 })
    funded = keys[0]!
    const g = await makeGenesis(template)
    const carPath = join(dir, 'devgen.car')
    await writeGenesisCarFile(carPath, g.store, g.cid)
    // As test/unit/fullnode/mining.test.ts: all power to one account's ID, its sector pre-sealed.
    const held: { worker?: Address, sectors: Awaited<ReturnType<PowerView['provingSectors']>> } = { sectors: [] }
    const power: PowerView = {
      minerPower: async (_root, m) => m.equals(miner) ? { miner: { RawBytePower: 2048n, QualityAdjPower: 2048n }, network: { RawBytePower: 2048n, QualityAdjPower: 2048n }, hasMinPower: true } : undefined,
      minerInfo: async (_root, m) => m.equals(miner) && held.worker !== undefined ? { worker: held.worker, sectorSize: 2048 } : undefined,
      eligibleForElection: async (_root, m) => m.equals(miner),
      provingSectors: async (_root, m) => m.equals(miner) ? held.sectors : []
    }
    node = await startFullNode({
      repoPath: join(dir, 'repo'),
      apiListenAddress: '/ip4/127.0.0.1/tcp/0/http',
      genesis: { kind: 'car', carPath },
      tooling: chainGenesisTooling(),
      power,
      bindSignals: false
    })
    miner = await node.api.StateLookupID(keyAddress(keys[1]!), TipSetKey.empty)
    held.worker = await node.api.WalletNew('bls')
    const sectorDir = join(dir, 'sectors')
    const sealed = await preSeal({ minerAddr: miner, proofType: RegisteredSealProof.StackedDrg2KiBV1_1, numSectors: 1, sectorDir })
    held.sectors = sealed.miner.Sectors.map((s) => ({ SealProof: s.ProofType, SectorNumber: s.SectorID as SectorNumber, SectorKey: null, SealedCID: s.CommR }))
    await node.api.WalletImport(funded)
    producer = new BlockProducer(node.api, { miner, sectorDir, blockDelayMs: 200 })
    await producer.start()
  })

  after(async () => {
    await producer?.stop()
    await node?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('StateGetActor and StateLookupID at an older TipSetKey return the values of that time', async () => {
    const api = node!.api
    const from = keyAddress(funded)
    const to = await api.WalletNew('secp256k1')
    const genesisKey = (await api.ChainGetGenesis()).key
    const seen: Array<{ tsk: TipSetKey, before: TipSetKey, toBalance: bigint, fromNonce: bigint, fromBalance: bigint }> = []
    for (let i = 1n; i <= 3n; i++) {
      const smsg = await api.MpoolPushMessage({
        Version: 0,
        To: to,
        From: from,
        Nonce: 0n,
        Value: (i * FilecoinPrecision) as TokenAmount,
        GasLimit: 0n,
        GasFeeCap: 0n as TokenAmount,
        GasPremium: 0n as TokenAmount,
        Method: 0n as MethodNum,
        Params: new Uint8Array(0)
      }, null)
      const lookup = await api.StateWaitMsg(signedMessageCid(smsg), 1, -1 as never, true)
      assert.equal(lookup?.Receipt.ExitCode, 0)
      // lookup.TipSet's parent state is the first to hold the transfer; its parent's does not.
      const executed = await api.ChainGetTipSet(lookup!.TipSet)
      const fromActor = await api.StateGetActor(from, lookup!.TipSet)
      seen.push({ tsk: lookup!.TipSet, before: executed.parents, toBalance: (await api.StateGetActor(to, lookup!.TipSet)).Balance, fromNonce: fromActor.Nonce, fromBalance: fromActor.Balance })
    }
    // Let the chain move on, then read the past.
    const pastHeight = (await api.ChainGetTipSet(seen.at(-1)!.tsk)).height
    while ((await api.ChainHead()).height < pastHeight + 3) await new Promise((resolve) => setTimeout(resolve, 50))

    let cumulative = 0n
    for (const [i, s] of seen.entries()) {
      cumulative += BigInt(i + 1) * FilecoinPrecision
      const toNow = await api.StateGetActor(to, s.tsk)
      const fromNow = await api.StateGetActor(from, s.tsk)
      assert.equal(toNow.Balance, cumulative, `recipient balance at transfer ${i + 1}`)
      assert.equal(toNow.Balance, s.toBalance)
      assert.equal(fromNow.Nonce, BigInt(i + 1))
      assert.equal(fromNow.Nonce, s.fromNonce)
      assert.equal(fromNow.Balance, s.fromBalance)
      // One tipset earlier the transfer had not happened yet.
      const fromBefore = await api.StateGetActor(from, s.before)
      assert.equal(fromBefore.Nonce, BigInt(i))
      assert.ok(fromBefore.Balance > fromNow.Balance)
      if (i > 0) assert.equal((await api.StateGetActor(to, s.before)).Balance, cumulative - BigInt(i + 1) * FilecoinPrecision)
    }
    // Before the first transfer the recipient had no actor at all; at genesis the sender had nonce 0.
    await assert.rejects(api.StateGetActor(to, seen[0]!.before), /not found/)
    await assert.rejects(api.StateLookupID(to, seen[0]!.before), /not found/)
    assert.ok(await api.StateLookupID(to, seen[0]!.tsk))
    assert.equal((await api.StateGetActor(from, genesisKey)).Nonce, 0n)
    // The head reads the latest values.
    assert.equal((await api.StateGetActor(to, TipSetKey.empty)).Balance, cumulative)
  })
})
