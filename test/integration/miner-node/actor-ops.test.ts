// The owner's `lotus-miner actor` operations against a running devnet: withdraw part of the
// miner's available balance (block rewards) to the owner, repay-debt with no debt, control set
// to a new BLS key, and propose-change-worker to it; the confirm is refused until the change
// epoch (the network's WorkerKeyChangeDelay is 900 epochs, longer than this test).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseAddress } from '../../../src/core/address/index.js'
import { formatFilUnitless } from '../../../src/core/token/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { startDevnet, waitFor, type Devnet } from '../../kit/devnet.js'

let net: Devnet
const miner = parseAddress('t01000')
let newKey = ''

before(async () => {
  net = await startDevnet({ miners: [1] })
  newKey = (await net.cli('lotus', ['wallet', 'new', 'bls'])).trim()
  await net.cli('lotus', ['state', 'wait-msg', (await net.cli('lotus', ['send', newKey, '1'])).trim()])
})
after(async () => { await net?.stop() })

const info = async (): Promise<Awaited<ReturnType<typeof net.daemon.api.StateMinerInfo>>> => await net.daemon.api.StateMinerInfo(miner, TipSetKey.empty)

describe('lotus-miner actor money', () => {
  test('withdraw sends part of the available balance to the owner', async () => {
    const available = await waitFor(async () => {
      const a = await net.daemon.api.StateMinerAvailableBalance(miner, TipSetKey.empty)
      return a > 0n ? a : undefined
    }, 'block rewards available to withdraw', 60_000, 500)
    const owner = (await info()).Owner
    const before = await net.daemon.api.WalletBalance(owner)
    const amount = available / 2n
    const out = await net.cli('lotus-miner', ['actor', 'withdraw', '--confidence', '1', formatFilUnitless(amount)])
    assert.match(out, /^Requested withdrawal in message bafy\S+\nwaiting for it to be included in a block\.\.\nSuccessfully withdrew [\d.]+ FIL \n$/)
    assert.ok(out.includes(`Successfully withdrew ${formatFilUnitless(amount)} FIL \n`), out)
    assert.ok(await net.daemon.api.WalletBalance(owner) > before, 'the owner balance rose')

    const tooMuch = await net.run('lotus-miner', ['actor', 'withdraw', '1000000000'])
    assert.equal(tooMuch.code, 1)
    assert.match(tooMuch.stderr, /can't withdraw more funds than available; requested: 1000000000 FIL; available: [\d.]+ FIL/)
  })

  test('repay-debt with no debt sends a zero RepayDebt from the worker', async () => {
    const out = await net.cli('lotus-miner', ['actor', 'repay-debt'])
    const cid = /^Sent repay debt message (\S+)\n$/.exec(out)?.[1]
    assert.ok(cid !== undefined, out)
    assert.match(await net.cli('lotus', ['state', 'wait-msg', cid]), /Exit Code: 0\n/)
    const other = await net.run('lotus-miner', ['actor', 'repay-debt', '--from', net.funded])
    assert.match(other.stderr, /sender isn't a controller of miner: t0\d+/)
  })
})

describe('lotus-miner actor control set / worker change', () => {
  test('control set adds a control address, only with --really-do-it', async () => {
    const dry = await net.cli('lotus-miner', ['actor', 'control', 'set', newKey])
    assert.equal(dry, `Add ${newKey}\nPass --really-do-it to actually execute this action\n`)
    assert.deepEqual((await info()).ControlAddresses, [])
    const out = await net.cli('lotus-miner', ['actor', 'control', 'set', '--really-do-it', newKey])
    const cid = /^Add \S+\nMessage CID: (\S+)\n$/.exec(out)?.[1]
    assert.ok(cid !== undefined, out)
    await net.cli('lotus', ['state', 'wait-msg', cid])
    const id = await net.daemon.api.StateLookupID(parseAddress(newKey), TipSetKey.empty)
    assert.deepEqual((await info()).ControlAddresses.map(String), [id.toString()])
    assert.match(await net.cli('lotus-miner', ['actor', 'control', 'list']), new RegExp(`control-0\\s+${id.toString()}\\s+${newKey.slice(0, 9)}\\.\\.\\.`))
  })

  test('propose-change-worker, then an early confirm is refused', async () => {
    assert.equal(await net.cli('lotus-miner', ['actor', 'propose-change-worker', newKey]), 'Pass --really-do-it to actually execute this action\n')
    const out = await net.cli('lotus-miner', ['actor', 'propose-change-worker', '--really-do-it', newKey])
    const m = new RegExp(`^Propose Message CID: bafy\\S+\\nWorker key change to ${newKey} successfully sent, change happens at height (\\d+)\\.\\n` +
      "If you have no active deadlines, call 'confirm-change-worker' at or after height (\\d+) to complete\\.\\n$").exec(out)
    assert.ok(m !== null, out)
    const mi = await info()
    assert.equal(mi.NewWorker?.toString(), (await net.daemon.api.StateLookupID(parseAddress(newKey), TipSetKey.empty)).toString())
    assert.equal(mi.WorkerChangeEpoch, Number(m[1]))
    assert.equal(m[1], m[2])

    const again = await net.run('lotus-miner', ['actor', 'propose-change-worker', newKey])
    assert.match(again.stderr, new RegExp(`change to worker address ${newKey} already pending`))
    const early = await net.run('lotus-miner', ['actor', 'confirm-change-worker', '--really-do-it', newKey])
    assert.equal(early.code, 1)
    assert.match(early.stderr, new RegExp(`worker key change cannot be confirmed until ${m[1]}, current height is \\d+`))
    const wrong = await net.run('lotus-miner', ['actor', 'confirm-change-worker', mi.Worker.toString()])
    assert.match(wrong.stderr, /worker key t0\d+ does not match current worker key proposal t0\d+/)
  })
})
