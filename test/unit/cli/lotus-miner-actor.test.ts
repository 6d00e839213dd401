// `lotus-miner actor withdraw|repay-debt|control set|propose-change-worker|confirm-change-worker`
// in-process against fake miner and full node APIs: the messages each sends (sender, method,
// params, value), Lotus's texts, and the refusals that send nothing.
import { beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { type Address, newBlsAddress, newSecp256k1Address, parseAddress } from '../../../src/core/address/index.js'
import { BitField } from '../../../src/core/bitfield/index.js'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import { SigType } from '../../../src/core/crypto/index.js'
import { type Message, messageCid } from '../../../src/core/message/index.js'
import type { TokenAmount } from '../../../src/core/types.js'
import { changeWorkerAddressParamsCbor, MinerMethods, withdrawBalanceReturnCbor } from '../../../src/chain/actors/builtin/miner/types.js'
import { minerStateCbor } from '../../../src/chain/actors/builtin/miner/state.js'
import { fakeCid } from '../chain-types/fixtures.js'
import { runLotusMiner, type CliRun } from '../../kit/miner-cli.js'

const FIL = 10n ** 18n
const secpKey = (b: number): Uint8Array => Uint8Array.from({ length: 65 }, (_, i) => i === 0 ? 4 : b)
// Key addresses by name, written into the CLI arguments as their real text.
const KEY = {
  owner: newSecp256k1Address(secpKey(1)).toString(),
  worker: newBlsAddress(new Uint8Array(48).fill(2)).toString(),
  newworker: newBlsAddress(new Uint8Array(48).fill(3)).toString(),
  control: newBlsAddress(new Uint8Array(48).fill(4)).toString(),
  stranger: newSecp256k1Address(secpKey(9)).toString()
}
const a = (s: string): Address => parseAddress(s)
const ids: Record<string, string> = { [KEY.newworker]: 't01003', [KEY.control]: 't01004', [KEY.owner]: 't01001', [KEY.worker]: 't01002', [KEY.stranger]: 't01009' }
const keys: Record<string, string> = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]))

let pushed: Message[]
let withdrawCalls: Array<{ from: string, amount: bigint }>
let minerInfo: { Owner: Address, Worker: Address, NewWorker: Address | null, ControlAddresses: Address[], WorkerChangeEpoch: number, Beneficiary: Address }
let receipt: { ExitCode: number, Return: Uint8Array }
let head = 100

beforeEach(() => {
  pushed = []
  withdrawCalls = []
  minerInfo = { Owner: a('t01001'), Worker: a('t01002'), NewWorker: null, ControlAddresses: [a('t01004')], WorkerChangeEpoch: -1, Beneficiary: a('t01001') }
  receipt = { ExitCode: 0, Return: encodeCbor(withdrawBalanceReturnCbor, (3n * FIL) as TokenAmount) }
  head = 100
})

const withdrawn = fakeCid('withdraw')
const miner = {
  ActorAddress: async () => a('t01000'),
  ActorWithdrawBalance: async (amount: bigint) => { withdrawCalls.push({ from: 'owner', amount }); return withdrawn },
  BeneficiaryWithdrawBalance: async (amount: bigint) => { withdrawCalls.push({ from: 'beneficiary', amount }); return withdrawn },
  close: async () => {}
}
const lookup = (x: Address): Address => {
  const s = x.toString()
  if (s.startsWith('t0')) return x
  const id = ids[s]
  if (id === undefined) throw new Error(`resolution lookup failed (${s}): actor not found`)
  return a(id)
}
const full = {
  StateMinerInfo: async () => minerInfo,
  StateLookupID: async (x: Address) => lookup(x),
  StateAccountKey: async (x: Address) => a(keys[x.toString()] ?? x.toString()),
  StateWaitMsg: async (cid: unknown) => ({ Message: cid, Receipt: { ...receipt, GasUsed: 1n, EventsRoot: null }, TipSet: 'ts', Height: 101 }),
  StateNetworkVersion: async () => 18,
  StateGetActor: async () => ({ Head: fakeCid('miner-state') }),
  ChainReadObj: async () => minerStateBytes,
  ChainHead: async () => ({ height: head }),
  MpoolPushMessage: async (msg: Message) => {
    pushed.push(msg)
    if (msg.Method === BigInt(MinerMethods.ChangeWorkerAddress)) {
      const p = decodeCbor(changeWorkerAddressParamsCbor, msg.Params)
      if (!p.NewWorker.equals(minerInfo.Worker)) minerInfo = { ...minerInfo, NewWorker: p.NewWorker, WorkerChangeEpoch: head + 900 }
    }
    if (msg.Method === BigInt(MinerMethods.ConfirmChangeWorkerAddress) && minerInfo.NewWorker !== null) {
      minerInfo = { ...minerInfo, Worker: minerInfo.NewWorker, NewWorker: null }
    }
    return { Message: msg, Signature: { type: SigType.BLS, data: new Uint8Array(96) } }
  },
  close: async () => {}
}

// A miner state whose FeeDebt is 2 FIL (the other fields only need to decode).
const c = fakeCid('x')
const minerStateBytes = encodeCbor(minerStateCbor, {
  Info: c, PreCommitDeposits: 0n, LockedFunds: 0n, VestingFunds: c, FeeDebt: 2n * FIL, InitialPledge: 0n, PreCommittedSectors: c,
  PreCommittedSectorsCleanUp: c, AllocatedSectors: c, Sectors: c, ProvingPeriodStart: 0, CurrentDeadline: 0, Deadlines: c,
  EarlyTerminations: BitField.empty(), DeadlineCronActive: false
} as never)

const run = async (args: string[]): Promise<CliRun> => await runLotusMiner(args, { miner, full })
const cidOf = (i: number): string => messageCid(pushed[i]!).toString()

test('withdraw: asks the miner to send, waits, prints what was withdrawn', async () => {
  const r = await run(['actor', 'withdraw', '5'])
  assert.equal(r.code, 0, r.stderr)
  assert.deepEqual(withdrawCalls, [{ from: 'owner', amount: 5n * FIL }])
  assert.equal(r.stdout, `Requested withdrawal in message ${withdrawn.toString()}\nwaiting for it to be included in a block..\n` +
    'Successfully withdrew 3 FIL \nNote that this is less than the requested amount of 5 FIL\n')
  const all = await run(['actor', 'withdraw', '--beneficiary'])
  assert.deepEqual(withdrawCalls[1], { from: 'beneficiary', amount: 0n })
  assert.match(all.stdout, /Successfully withdrew 3 FIL \n$/)
})

test('withdraw: a bad amount or a failed message is an error', async () => {
  const bad = await run(['actor', 'withdraw', 'lots'])
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /^ERROR: parsing 'amount' argument: /)
  assert.equal(withdrawCalls.length, 0)
  receipt = { ExitCode: 16, Return: new Uint8Array() }
  const failed = await run(['actor', 'withdraw', '1'])
  assert.equal(failed.code, 1)
  assert.match(failed.stderr, new RegExp(`Failed to execute withdrawal message ${withdrawn.toString()}: ErrIllegalArgument\\(16\\)`))
})

test('repay-debt: the fee debt from the worker, or an amount from another controller', async () => {
  const r = await run(['actor', 'repay-debt'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(pushed[0]!.From.toString(), 't01002')
  assert.equal(pushed[0]!.To.toString(), 't01000')
  assert.equal(pushed[0]!.Method, BigInt(MinerMethods.RepayDebt))
  assert.equal(pushed[0]!.Value, 2n * FIL)
  assert.equal(r.stdout, `Sent repay debt message ${cidOf(0)}\n`)
  await run(['actor', 'repay-debt', '--from', KEY.control, '0.5'])
  assert.equal(pushed[1]!.From.toString(), 't01004')
  assert.equal(pushed[1]!.Value, FIL / 2n)
  const stranger = await run(['actor', 'repay-debt', '--from', KEY.stranger])
  assert.equal(stranger.code, 1)
  assert.match(stranger.stderr, /sender isn't a controller of miner: t01009/)
  assert.equal(pushed.length, 2)
})

test('control set: prints the change; sends ChangeWorkerAddress with the same worker only with --really-do-it', async () => {
  const dry = await run(['actor', 'control', 'set', KEY.newworker])
  assert.equal(dry.stdout, `Remove ${KEY.control}\nAdd ${KEY.newworker}\nPass --really-do-it to actually execute this action\n`)
  assert.equal(pushed.length, 0)
  const r = await run(['actor', 'control', 'set', '--really-do-it', KEY.control, KEY.newworker])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, `Add ${KEY.newworker}\nMessage CID: ${cidOf(0)}\n`)
  assert.equal(pushed[0]!.From.toString(), 't01001')
  assert.deepEqual(decodeCbor(changeWorkerAddressParamsCbor, pushed[0]!.Params), { NewWorker: a('t01002'), NewControlAddrs: [a(KEY.control), a(KEY.newworker)] })
  const unknown = await run(['actor', 'control', 'set', newSecp256k1Address(secpKey(7)).toString()])
  assert.equal(unknown.code, 1)
  const bad = await run(['actor', 'control', 'set', 'nope'])
  assert.match(bad.stderr, /^ERROR: parsing address 0: /)
})

test('propose-change-worker: refusals, then the proposal and the change height', async () => {
  assert.match((await run(['actor', 'propose-change-worker'])).stderr, /must pass address of new worker address/)
  assert.match((await run(['actor', 'propose-change-worker', KEY.worker])).stderr, new RegExp(`worker address already set to ${KEY.worker}`))
  assert.equal((await run(['actor', 'propose-change-worker', KEY.newworker])).stdout, 'Pass --really-do-it to actually execute this action\n')
  assert.equal(pushed.length, 0)
  const r = await run(['actor', 'propose-change-worker', '--really-do-it', KEY.newworker])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, `Propose Message CID: ${cidOf(0)}\n` +
    `Worker key change to ${KEY.newworker} successfully sent, change happens at height 1000.\n` +
    "If you have no active deadlines, call 'confirm-change-worker' at or after height 1000 to complete.\n")
  assert.deepEqual(decodeCbor(changeWorkerAddressParamsCbor, pushed[0]!.Params), { NewWorker: a('t01003'), NewControlAddrs: [a('t01004')] })
  assert.match((await run(['actor', 'propose-change-worker', KEY.newworker])).stderr, new RegExp(`change to worker address ${KEY.newworker} already pending`))
})

test('confirm-change-worker: refused before the change epoch, sent after it', async () => {
  assert.match((await run(['actor', 'confirm-change-worker', KEY.newworker])).stderr, /no worker key change proposed/)
  minerInfo = { ...minerInfo, NewWorker: a('t01003'), WorkerChangeEpoch: 1000 }
  assert.match((await run(['actor', 'confirm-change-worker', KEY.control])).stderr, /worker key t01004 does not match current worker key proposal t01003/)
  const early = await run(['actor', 'confirm-change-worker', '--really-do-it', KEY.newworker])
  assert.equal(early.code, 1)
  assert.match(early.stderr, /worker key change cannot be confirmed until 1000, current height is 100/)
  head = 1000
  assert.equal((await run(['actor', 'confirm-change-worker', KEY.newworker])).stdout, 'Pass --really-do-it to actually execute this action\n')
  assert.equal(pushed.length, 0)
  const r = await run(['actor', 'confirm-change-worker', '--really-do-it', KEY.newworker])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, `Confirm Message CID: ${cidOf(0)}\n`)
  assert.equal(pushed[0]!.Method, BigInt(MinerMethods.ConfirmChangeWorkerAddress))
  assert.equal(pushed[0]!.From.toString(), 't01001')
  assert.equal(minerInfo.Worker.toString(), 't01003')
})
