// Block production through the full node's public API, in process, before the miner actor
// exists: consensus gets a PowerView that gives all power to one "miner" (an account's ID
// address, so the block reward has somewhere to go) whose sector is really pre-sealed with the
// dev proofs. The test block producer mines on a 200 ms clock; a transfer is pushed, included,
// executed, found by StateWaitMsg and StateSearchMsg, and its receipt read back.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address } from '../../../src/core/address/index.js'
import { keyAddress, type KeyInfo } from '../../../src/core/crypto/index.js'
import { FilecoinPrecision } from '../../../src/core/token/index.js'
import type { MethodNum, SectorNumber, TokenAmount } from '../../../src/core/types.js'
import { RegisteredSealProof } from '../../../src/core/sector/index.js'
import { signedMessageCid } from '../../../src/core/message/index.js'
import type { PowerView } from '../../../src/chain/consensus/index.js'
import { makeGenesis, newTemplate, preSeal, writeGenesisCarFile } from '../../../src/chain/genesis/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { chainGenesisTooling, startFullNode, type FullNode } from '../../../src/node/fullnode/index.js'
import { BlockProducer } from '../../kit/block-producer.js'
import { FullNodeContract } from '../../../src/api/fullnode/index.js'
import { createRpcClient } from '../../../src/rpc/index.js'

const BLOCK_DELAY_MS = 200
const dir = mkdtempSync(join(tmpdir(), 'nelumbo-mining-'))
let node: FullNode | undefined
let funded: KeyInfo
let miner: Address
let producer: BlockProducer | undefined
const outcomes: string[] = []

before(async () => {
  const { template, keys } = newTemplate({ networkName: 'mining-unit', params: { BlockDelayMs: BLOCK_DELAY_MS }, accounts: 2 })
  funded = keys[0]!
  const g = await makeGenesis(template)
  const carPath = join(dir, 'devgen.car')
  await writeGenesisCarFile(carPath, g.store, g.cid)

  // The "miner" is the second funded account's ID; its worker a BLS key in the node's wallet.
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
  producer = new BlockProducer(node.api, {
    miner, sectorDir, blockDelayMs: BLOCK_DELAY_MS, onBlock: (epoch, outcome, detail) => { outcomes.push(`${epoch} ${outcome} ${detail ?? ''}`) }
  })
  await producer.start()
})

after(async () => {
  await producer?.stop()
  await node?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('blocks through the public API', () => {
  test('the chain grows, a transfer executes and StateWaitMsg reports it', async () => {
    const api = node!.api
    const to = await api.WalletNew('secp256k1')
    const smsg = await api.MpoolPushMessage({
      Version: 0,
      To: to,
      From: keyAddress(funded),
      Nonce: 0n,
      Value: (7n * FilecoinPrecision) as TokenAmount,
      GasLimit: 0n,
      GasFeeCap: 0n as TokenAmount,
      GasPremium: 0n as TokenAmount,
      Method: 0n as MethodNum,
      Params: new Uint8Array(0)
    }, null)
    const cid = signedMessageCid(smsg)
    const lookup = await api.StateWaitMsg(cid, 2, -1 as never, true)
    assert.ok(lookup !== null)
    assert.equal(lookup.Receipt.ExitCode, 0, outcomes.join('\n'))
    assert.ok(lookup.Receipt.GasUsed > 0n)
    assert.ok((await api.ChainHead()).height >= lookup.Height + 2)
    assert.equal(await api.WalletBalance(to), 7n * FilecoinPrecision)
    const found = await api.StateSearchMsg(TipSetKey.empty, cid, -1 as never, true)
    assert.equal(found?.TipSet.toString(), lookup.TipSet.toString())
    assert.deepEqual(await api.MpoolPending(TipSetKey.empty), [])
    const executed = await api.ChainGetTipSet(lookup.TipSet)
    const receipts = await api.ChainGetParentReceipts(executed.cids[0]!)
    const parentMsgs = await api.ChainGetParentMessages(executed.cids[0]!)
    const i = parentMsgs.findIndex((m) => m.Cid.equals(cid))
    assert.ok(i >= 0)
    assert.equal(receipts[i]!.GasUsed, lookup.Receipt.GasUsed)
    const sync = await api.SyncState()
    assert.equal(sync.ActiveSyncs[0]!.Stage, 4)
    assert.ok(sync.VMApplied >= 1)
  })

  test('market funds: reserve tops up escrow, release and withdraw', async () => {
    const api = node!.api
    const addr = keyAddress(funded)
    const fil = (n: bigint): TokenAmount => (n * FilecoinPrecision) as TokenAmount
    const top = await api.MarketReserveFunds(addr, addr, fil(2n))
    assert.ok(top !== null)
    assert.equal((await api.StateWaitMsg(top, 1, -1 as never, true))?.Receipt.ExitCode, 0)
    assert.equal((await api.StateMarketBalance(addr, TipSetKey.empty)).Escrow, fil(2n))
    assert.equal(await api.MarketGetReserved(addr), fil(2n))
    await api.MarketReleaseFunds(addr, fil(1n))
    assert.equal(await api.MarketReserveFunds(addr, addr, fil(1n)), null, 'covered by the escrow already there')
    await api.MarketReleaseFunds(addr, fil(2n))
    assert.equal(await api.MarketGetReserved(addr), 0n)
    const w = await api.MarketWithdraw(addr, addr, fil(1n))
    assert.equal((await api.StateWaitMsg(w, 1, -1 as never, true))?.Receipt.ExitCode, 0)
    assert.equal((await api.StateMarketBalance(addr, TipSetKey.empty)).Escrow, fil(1n))
  })

  test('ChainNotify over WebSocket: the current head, then applied tipsets as blocks arrive', async () => {
    const token = readFileSync(join(dir, 'repo', 'token'), 'utf8').trim()
    const client = createRpcClient(FullNodeContract, { url: `${node!.apiUrl.replace(/^http/, 'ws')}/rpc/v1`, token })
    try {
      const ac = new AbortController()
      const seen: string[] = []
      for await (const batch of await client.ChainNotify({ signal: ac.signal })) {
        for (const c of batch) seen.push(c.Type)
        if (seen.includes('apply')) break
      }
      ac.abort()
      assert.equal(seen[0], 'current')
      assert.ok(seen.includes('apply'))
    } finally {
      await client.close()
    }
  })
})
