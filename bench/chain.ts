/**
 * The full node's chain throughput, with a baseline measured in the same run.
 *
 * Cases (signed secp256k1 value transfers of 1 attoFIL, several senders, nonces in order):
 *  - mpool admission: `MpoolPush` of pre-signed messages to an in-process full node (the API
 *    object) and over JSON-RPC (HTTP keep-alive, `/rpc/v1`) to the same node's loopback server,
 *    one call at a time and 16 in flight;
 *  - execution: `applyTipset` of one block carrying N of them on the genesis state (an empty
 *    tipset — cron and reward only — is timed too, and its cost subtracted);
 *  - block validation: `submitBlock` (validation, parent execution, storing, head change) of
 *    pre-built blocks with M messages each, replayed into a fresh devnet with a fake power view.
 * Baseline: raw secp256k1 signature checks per second (`verifyMessageSignature`, the same
 * @noble/curves code the mpool runs), which bounds admission: every push verifies one.
 * Expected bounds: in-process MpoolPush >= 25% of the baseline (a push also reads the sender's
 * actor and the pending set); JSON-RPC >= 50% of in-process; execution (no signature checks:
 * blocks were validated before) >= 1000 msgs/s; validation >= 2 blocks/s of 20 messages (each
 * block checks every secp signature, so about baseline / 20 at best).
 * Loopback only; bounded sizes (`NELUMBO_BENCH_QUICK=1` shrinks them). Prints a table.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FullNodeContract } from '../src/api/fullnode/index.js'
import type { Address } from '../src/core/address/index.js'
import { keyAddress, signMessage, verifyMessageSignature, type KeyInfo } from '../src/core/crypto/index.js'
import type { SignedMessage } from '../src/core/message/index.js'
import type { ChainEpoch, MethodNum, TokenAmount } from '../src/core/types.js'
import { newActorRegistry } from '../src/chain/actors/index.js'
import {
  builtinStorageGenesis, INITIAL_BASE_FEE, makeGenesis, newTemplate, writeGenesisCarFile, type Genesis
} from '../src/chain/genesis/index.js'
import { policyFromNetworkParams } from '../src/chain/genesis/policy.js'
import { StateTree } from '../src/chain/state/index.js'
import { TipSetKey, type BlockMsg } from '../src/chain/types/index.js'
import { applyTipset } from '../src/chain/vm/index.js'
import { logRegistry } from '../src/log/index.js'
import { chainGenesisTooling, startFullNode } from '../src/node/fullnode/index.js'
import { createRpcClient } from '../src/rpc/index.js'
import { makeDevnet, template, transfer, type Devnet } from '../test/unit/chain-sync/kit.js'

const QUICK = process.env.NELUMBO_BENCH_QUICK === '1'
/** Senders × messages each (the mpool holds at most 1000 pending per sender). */
const SENDERS = QUICK ? 4 : 8
const PER_SENDER = QUICK ? 100 : 400
const EXEC_MESSAGES = QUICK ? 200 : 1000
const BLOCKS = QUICK ? 10 : 30
const MSGS_PER_BLOCK = 20
const VERIFY = QUICK ? 500 : 2000

interface Row { case: string, count: number, seconds: number, unit: string }
const rows: Row[] = []
function record (name: string, count: number, seconds: number, unit: string): number {
  rows.push({ case: name, count, seconds, unit })
  return count / seconds
}

async function timed (fn: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - t0) / 1e9
}

function transfers (keys: readonly KeyInfo[], to: Address, firstNonce: bigint, perSender: number): SignedMessage[] {
  const out: SignedMessage[] = []
  // Interleaved by nonce, as a busy pool sees them.
  for (let i = 0; i < perSender; i++) {
    for (const k of keys) {
      out.push(signMessage({
        Version: 0,
        To: to,
        From: keyAddress(k),
        Nonce: firstNonce + BigInt(i),
        Value: 1n as TokenAmount,
        GasLimit: 1_000_000n,
        GasFeeCap: 1_000_000_000n as TokenAmount,
        GasPremium: 1000n as TokenAmount,
        Method: 0n as MethodNum,
        Params: new Uint8Array(0)
      }, k))
    }
  }
  return out
}

async function pushAll (push: (m: SignedMessage) => Promise<unknown>, msgs: readonly SignedMessage[], inFlight: number): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < msgs.length) await push(msgs[next++]!)
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
}

async function benchMpool (dir: string, g: Genesis, keys: KeyInfo[]): Promise<void> {
  const carPath = join(dir, 'devgen.car')
  await writeGenesisCarFile(carPath, g.store, g.cid)
  const node = await startFullNode({
    repoPath: join(dir, 'repo'), apiListenAddress: '/ip4/127.0.0.1/tcp/0/http', genesis: { kind: 'car', carPath },
    tooling: chainGenesisTooling(), bindSignals: false
  })
  const token = readFileSync(join(dir, 'repo', 'token'), 'utf8').trim()
  const rpc = createRpcClient(FullNodeContract, { url: `${node.apiUrl}/rpc/v1`, token })
  try {
    const to = keyAddress(keys[0]!)
    // Each case uses its own senders, so every push is a fresh nonce (no replace-by-fee).
    const groups = [0, 1, 2, 3].map((i) => keys.slice(1 + i * SENDERS, 1 + (i + 1) * SENDERS))
    const cases: Array<[string, (m: SignedMessage) => Promise<unknown>, number]> = [
      ['MpoolPush in process', async (m) => await node.api.MpoolPush(m), 1],
      ['MpoolPush in process, 16 in flight', async (m) => await node.api.MpoolPush(m), 16],
      ['MpoolPush JSON-RPC (HTTP)', async (m) => await rpc.MpoolPush(m), 1],
      ['MpoolPush JSON-RPC (HTTP), 16 in flight', async (m) => await rpc.MpoolPush(m), 16]
    ]
    for (const [i, [name, push, inFlight]] of cases.entries()) {
      const msgs = transfers(groups[i]!, to, 0n, PER_SENDER)
      await push(msgs[0]!) // warm-up: the first read of each state tree
      const rest = msgs.slice(1)
      record(name, rest.length, await timed(async () => { await pushAll(push, rest, inFlight) }), 'msgs/s')
    }
    const pending = await node.api.MpoolPending(TipSetKey.empty)
    if (pending.length !== cases.length * SENDERS * PER_SENDER) throw new Error(`expected every push pending, found ${pending.length}`)
  } finally {
    await rpc.close()
    await node.stop()
  }
}

async function benchExecution (g: Genesis, keys: KeyInfo[]): Promise<void> {
  const registry = newActorRegistry(builtinStorageGenesis.actors)
  const policy = policyFromNetworkParams(g.params)
  const senders = keys.slice(1, 1 + SENDERS)
  const msgs = transfers(senders, keyAddress(keys[0]!), 0n, Math.ceil(EXEC_MESSAGES / SENDERS))
  // The block's miner is an account here (the reward actor pays it as such).
  const miner = await (await StateTree.load(g.store, g.genesisBlock.ParentStateRoot)).lookupId(keyAddress(keys[0]!))
  if (miner === null) throw new Error('the genesis has no account for the first key')
  const run = async (secp: SignedMessage[]): Promise<number> => await timed(async () => {
    const r = await applyTipset({
      store: g.store,
      parentStateRoot: g.genesisBlock.ParentStateRoot,
      parentEpoch: 0 as ChainEpoch,
      epoch: 1 as ChainEpoch,
      blocks: [{ miner, winCount: 1, blsMessages: [], secpMessages: secp }],
      baseFee: INITIAL_BASE_FEE,
      vm: () => ({ networkVersion: 25, registry, policy })
    })
    if (r.receipts.some((rc) => rc.ExitCode !== 0)) throw new Error('a transfer failed')
  })
  await run(msgs.slice(0, 10)) // warm-up
  const empty = Math.min(await run([]), await run([]))
  const full = await run(msgs)
  record('applyTipset, empty tipset (cron + reward)', 1, empty, 'tipsets/s')
  record(`applyTipset, ${msgs.length} transfers (empty tipset subtracted)`, msgs.length, full - empty, 'msgs/s')
}

async function winningTemplate (net: Devnet, parentEpoch: number, msgs: SignedMessage[]): Promise<BlockMsg> {
  const parent = net.chain.requireHead()
  for (let e = parentEpoch + 1; e < parentEpoch + 50; e++) {
    for (const m of [net.minerA, net.minerB]) {
      const t = await template(net, m, parent, e, msgs)
      if (t !== undefined) return await net.svc.createBlock(t)
    }
  }
  throw new Error('no miner won in 50 epochs')
}

async function benchValidation (): Promise<void> {
  const source = await makeDevnet()
  const built: Array<{ blk: BlockMsg, msgs: SignedMessage[] }> = []
  let nonce = 0n
  for (let b = 0; b < BLOCKS; b++) {
    const msgs = Array.from({ length: MSGS_PER_BLOCK }, () => transfer(source.accounts.secp, source.accounts.blsId, nonce++, { Value: 1n as TokenAmount }))
    const blk = await winningTemplate(source, source.chain.requireHead().height, msgs)
    await source.svc.submitBlock(blk)
    built.push({ blk, msgs })
  }
  // The same genesis (fixed keys and timestamp): replay the blocks into a fresh devnet.
  const target = await makeDevnet()
  if (!target.genesis.key.equals(source.genesis.key)) throw new Error('the devnet genesis is not deterministic')
  for (const { msgs } of built) await target.chain.putBlockMessages([], msgs)
  const seconds = await timed(async () => { for (const { blk } of built) await target.svc.submitBlock(blk) })
  if (target.chain.requireHead().height !== source.chain.requireHead().height) throw new Error('replayed chain did not reach the same head')
  record(`submitBlock (validate + execute parent), ${MSGS_PER_BLOCK} msgs/block`, BLOCKS, seconds, 'blocks/s')
}

function benchBaseline (keys: KeyInfo[]): number {
  const msgs = transfers(keys.slice(1, 1 + SENDERS), keyAddress(keys[0]!), 0n, Math.ceil(VERIFY / SENDERS))
  for (const m of msgs.slice(0, 20)) verifyMessageSignature(m) // warm-up
  const seconds = Number((() => {
    const t0 = process.hrtime.bigint()
    for (const m of msgs) if (!verifyMessageSignature(m).valid) throw new Error('bad signature')
    return process.hrtime.bigint() - t0
  })()) / 1e9
  return record('baseline: secp256k1 verifyMessageSignature', msgs.length, seconds, 'verifies/s')
}

async function main (): Promise<void> {
  logRegistry.configure('error')
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-bench-chain-'))
  try {
    const { template: tpl, keys } = newTemplate({ networkName: 'bench-chain', params: { BlockDelayMs: 60_000 }, accounts: 1 + 4 * SENDERS })
    const g = await makeGenesis(tpl)
    const baseline = benchBaseline(keys)
    await benchMpool(dir, g, keys)
    await benchExecution(g, keys)
    await benchValidation()
    console.log(`chain throughput (${QUICK ? 'quick' : 'full'} sizes; ${SENDERS} senders per case)`)
    console.log('case'.padEnd(62) + 'count'.padStart(7) + 'seconds'.padStart(10) + 'rate'.padStart(12) + '  unit    vs baseline')
    for (const r of rows) {
      const rate = r.count / r.seconds
      const vs = r.unit === 'msgs/s' && r.case.startsWith('MpoolPush') ? `${(100 * rate / baseline).toFixed(0)}%` : ''
      console.log(r.case.padEnd(62) + String(r.count).padStart(7) + r.seconds.toFixed(3).padStart(10) + rate.toFixed(1).padStart(12) + `  ${r.unit.padEnd(11)} ${vs}`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
