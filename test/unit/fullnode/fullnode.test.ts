// The FullNode API implementation against an in-process full node on a fresh devnet genesis
// (made from a template with pre-funded accounts and no miners): wallet, state reads, gas
// estimation, MpoolPushMessage, pending messages kept across a restart, StateCall, ChainNotify,
// and the JSON-RPC endpoint serving the same methods.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FullNodeContract, FullNodeV0Contract } from '../../../src/api/fullnode/index.js'
import { FullAPIVersion0, FullAPIVersion1 } from '../../../src/api/index.js'
import { keyAddress, type KeyInfo } from '../../../src/core/crypto/index.js'
import { FilecoinPrecision } from '../../../src/core/token/index.js'
import type { MethodNum, TokenAmount } from '../../../src/core/types.js'
import type { Message } from '../../../src/core/message/index.js'
import { signedMessageCid } from '../../../src/core/message/index.js'
import { makeGenesis, newTemplate, writeGenesisCarFile } from '../../../src/chain/genesis/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { chainGenesisTooling, startFullNode, type FullNode } from '../../../src/node/fullnode/index.js'
import { createRpcClient } from '../../../src/rpc/index.js'
import { readFileSync } from 'node:fs'

const dir = mkdtempSync(join(tmpdir(), 'nelumbo-fullnode-'))
const repoPath = join(dir, 'repo')
const carPath = join(dir, 'devgen.car')
let funded: KeyInfo
let node: FullNode | undefined

async function start (): Promise<FullNode> {
  return await startFullNode({
    repoPath,
    apiListenAddress: '/ip4/127.0.0.1/tcp/0/http',
    genesis: { kind: 'car', carPath },
    tooling: chainGenesisTooling(),
    bindSignals: false
  })
}

function send (from: KeyInfo, to: ReturnType<typeof keyAddress>, fil: bigint): Message {
  return {
    Version: 0,
    To: to,
    From: keyAddress(from),
    Nonce: 0n,
    Value: (fil * FilecoinPrecision) as TokenAmount,
    GasLimit: 0n,
    GasFeeCap: 0n as TokenAmount,
    GasPremium: 0n as TokenAmount,
    Method: 0n as MethodNum,
    Params: new Uint8Array(0)
  }
}

before(async () => {
  const { template, keys } = newTemplate({ networkName: 'unit-devnet', params: { BlockDelayMs: 200 }, accounts: 1 })
  funded = keys[0]!
  const g = await makeGenesis(template)
  await writeGenesisCarFile(carPath, g.store, g.cid)
  node = await start()
})

after(async () => {
  await node?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('full node API (in process)', () => {
  test('the chain starts at the genesis from the CAR', async () => {
    const api = node!.api
    const head = await api.ChainHead()
    assert.equal(head.height, 0)
    assert.ok(head.cids[0]!.equals((await api.ChainGetGenesis()).cids[0]!))
    assert.equal(await api.StateNetworkName(), 'unit-devnet')
    assert.equal(node!.genesis.blockDelayMs, 200)
    const block = await api.ChainGetBlock(head.cids[0]!)
    assert.equal(block.Height, 0)
    assert.equal(await api.ChainHasObj(head.cids[0]!), true)
  })

  test('wallet import, balances and state reads', async () => {
    const api = node!.api
    const addr = await api.WalletImport(funded)
    assert.equal(addr.toString(), keyAddress(funded).toString())
    await api.WalletSetDefault(addr)
    assert.equal((await api.WalletDefaultAddress()).toString(), addr.toString())
    assert.equal(await api.WalletBalance(addr), 10_000_000n * FilecoinPrecision)
    const actor = await api.StateGetActor(addr, TipSetKey.empty)
    assert.equal(actor.Nonce, 0n)
    const id = await api.StateLookupID(addr, TipSetKey.empty)
    assert.equal((await api.StateAccountKey(id, TipSetKey.empty)).toString(), addr.toString())
    const fresh = await api.WalletNew('secp256k1')
    assert.equal(await api.WalletBalance(fresh), 0n)
    await assert.rejects(api.StateGetActor(fresh, TipSetKey.empty), /actor not found/)
    assert.equal(await api.StateNetworkVersion(TipSetKey.empty), 25)
  })

  test('storage actors\' readers answer on a chain without miners', async () => {
    const api = node!.api
    assert.deepEqual(await api.StateListMiners(TipSetKey.empty), [])
    const addr = keyAddress(funded)
    assert.deepEqual(await api.StateMarketBalance(addr, TipSetKey.empty), { Escrow: 0n, Locked: 0n })
    assert.deepEqual(await api.StateMarketDeals(TipSetKey.empty), {})
    await assert.rejects(api.StateMarketStorageDeal(7 as never, TipSetKey.empty), /deal 7 not found/)
    assert.equal(await api.StateVerifiedClientStatus(addr, TipSetKey.empty), null)
    const p = await api.StateMinerPower(addr, TipSetKey.empty)
    assert.equal(p.HasMinPower, false)
    assert.equal(p.MinerPower.QualityAdjPower, 0n)
  })

  test('StateCall runs a transfer on the head state without keeping it', async () => {
    const api = node!.api
    const to = await api.WalletNew('bls')
    const res = await api.StateCall({ ...send(funded, to, 1n), GasLimit: 10_000_000n }, TipSetKey.empty)
    assert.equal(res.MsgRct?.ExitCode, 0)
    assert.equal(await api.WalletBalance(to), 0n)
  })

  test('MpoolPushMessage estimates gas, signs, and the message stays pending across a restart', async () => {
    const api = node!.api
    const to = await api.WalletNew('secp256k1')
    const smsg = await api.MpoolPushMessage(send(funded, to, 5n), null)
    assert.ok(smsg.Message.GasLimit > 0n)
    assert.equal(smsg.Message.Nonce, 0n)
    assert.equal(await api.MpoolGetNonce(keyAddress(funded)), 1)
    const second = await api.MpoolPushMessage(send(funded, to, 1n), null)
    assert.equal(second.Message.Nonce, 1n)
    const pending = await api.MpoolPending(TipSetKey.empty)
    assert.deepEqual(pending.map((m) => signedMessageCid(m).toString()).sort(),
      [signedMessageCid(smsg).toString(), signedMessageCid(second).toString()].sort())
    // No miner on this chain: the search finds nothing, and the message waits in the pool.
    assert.equal(await api.StateSearchMsg(TipSetKey.empty, signedMessageCid(smsg), -1 as never, true), null)

    await node!.stop()
    node = await start()
    const after = await node.api.MpoolPending(TipSetKey.empty)
    assert.equal(after.length, 2)
    assert.equal(await node.api.MpoolGetNonce(keyAddress(funded)), 2)
    assert.equal((await node.api.ChainHead()).height, 0)
  })

  test('ChainNotify starts with the current head; StateWaitMsg gives up when cancelled', async () => {
    const api = node!.api
    const ac = new AbortController()
    const it = (await api.ChainNotify({ signal: ac.signal }))[Symbol.asyncIterator]()
    const first = await it.next()
    assert.equal(first.done, false)
    assert.equal(first.value![0]!.Type, 'current')
    ac.abort()
    const wait = new AbortController()
    const p = api.StateWaitMsg((await api.ChainHead()).cids[0]!, 1, -1 as never, true, { signal: wait.signal })
    wait.abort()
    await assert.rejects(p, /cancelled/)
  })

  test('the same methods over JSON-RPC v1 and v0, with the repo token', async () => {
    const token = readFileSync(join(repoPath, 'token'), 'utf8').trim()
    const client = createRpcClient(FullNodeContract, { url: `${node!.apiUrl}/rpc/v1`, token })
    try {
      const head = await client.ChainHead()
      assert.equal(head.height, 0)
      assert.equal((await client.WalletDefaultAddress()).toString(), keyAddress(funded).toString())
      assert.equal((await client.MpoolPending(TipSetKey.empty)).length, 2)
      assert.deepEqual(await client.NetPeers(), [])
      const v = await client.Version()
      assert.equal(v.BlockDelay, 1)
      assert.equal(v.APIVersion, FullAPIVersion1)
    } finally {
      await client.close()
    }
    const v0 = createRpcClient(FullNodeV0Contract, { url: `${node!.apiUrl}/rpc/v0`, token })
    try {
      assert.equal((await v0.Version()).APIVersion, FullAPIVersion0)
      assert.equal(await v0.StateSearchMsg((await v0.ChainHead()).cids[0]!), null)
    } finally {
      await v0.close()
    }
  })
})
