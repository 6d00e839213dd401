// `lotus daemon` as a child process on a fresh devnet made by Lotus's local-network sequence
// with our binaries (fetch-params, pre-seal, genesis new, add-miner, daemon
// --lotus-make-genesis, wallet import), with a short block delay. The CLI commands run as child
// processes against it. Blocks come from the test block producer through the public API, for
// the genesis miner t01000 (pre-sealed and added to the genesis with `genesis add-miner`).
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAddress } from '../../../src/core/address/index.js'
import { parseCid } from '../../../src/core/cid.js'
import { FilecoinPrecision } from '../../../src/core/token/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { runBin } from '../../kit/bin.js'
import { BlockProducer } from '../../kit/block-producer.js'
import { startDaemon, type DaemonProcess } from '../../kit/daemon.js'

const BLOCK_DELAY_MS = 500

const dir = mkdtempSync(join(tmpdir(), 'nelumbo-daemon-'))
const repo = join(dir, 'lotus')
const sectorDir = join(dir, 'genesis-sectors')
const template = join(dir, 'localnet.json')
const car = join(dir, 'devgen.car')
let fundedKeyFile = ''
let funded = ''
let daemon: DaemonProcess | undefined
const minerId = 't01000'

async function cli (name: 'lotus' | 'lotus-seed', args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const r = await runBin(name, args, { env: { LOTUS_PATH: repo, ...daemon?.env, ...env } })
  assert.equal(r.code, 0, `${name} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`)
  return r.stdout
}

before(async () => {
  await cli('lotus', ['fetch-params', '2048'])
  await cli('lotus-seed', ['--sector-dir', sectorDir, 'pre-seal', '--miner-addr', minerId, '--sector-size', '2KiB', '--num-sectors', '2'])
  const out = await cli('lotus-seed', ['genesis', 'new', template, '--block-delay', `${BLOCK_DELAY_MS}ms`, '--network-name', 'daemon-itest'])
  funded = /account (\S+)/.exec(out)?.[1] ?? ''
  assert.notEqual(funded, '', out)
  fundedKeyFile = join(`${template}.keys`, `${funded}.key`)
  await cli('lotus-seed', ['genesis', 'add-miner', template, join(sectorDir, `pre-seal-${minerId}.json`)])
  daemon = await startDaemon({ repo, args: [`--lotus-make-genesis=${car}`, `--genesis-template=${template}`] })
  assert.ok(existsSync(car), 'the daemon wrote the genesis CAR')
  await cli('lotus', ['wallet', 'import', '--as-default', join(sectorDir, `pre-seal-${minerId}.key`)])
  await cli('lotus', ['wallet', 'import', fundedKeyFile])
})

after(async () => {
  await daemon?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('lotus daemon on a fresh devnet', () => {
  test('the CLI reads the chain, wallet and state', async () => {
    assert.equal((await cli('lotus', ['chain', 'head', '--height'])).trim().length > 0, true)
    const list = await cli('lotus', ['wallet', 'list'])
    assert.match(list, /^Address\s+Balance\s+Nonce\s+Default\s*\n/)
    assert.match(list, /\s+X\s*\n/)
    assert.match(list, new RegExp(`${funded}\\s+10000000 FIL\\s+0`))
    assert.equal(await cli('lotus', ['wallet', 'balance', funded]), '10000000 FIL\n')
    assert.match(await cli('lotus', ['state', 'network-version']), /^Network Version: \d+\n$/)
    const actor = await cli('lotus', ['state', 'get-actor', funded])
    assert.match(actor, /^Address:\tt1\S+\nBalance:\t10000000 FIL\nNonce:\t\t0\nCode:\t\t\S+ \(fil\/\d+\/account\)\nHead:\t\t\S+\n$/)
    const id = (await cli('lotus', ['state', 'lookup', funded])).trim()
    assert.match(id, /^t0\d+$/)
    assert.equal((await cli('lotus', ['state', 'lookup', '--reverse', id])).trim(), funded)
    assert.match(await cli('lotus', ['sync', 'status']), /^sync status:\nworker 0:\n/)
  })

  test('send, produce blocks, wait-msg, restart: chain, balances and pending messages intact', async () => {
    const producer = new BlockProducer(daemon!.api, { miner: parseAddress(minerId), sectorDir, blockDelayMs: BLOCK_DELAY_MS })
    await producer.start()
    let sent: string
    try {
      const to = (await cli('lotus', ['wallet', 'new'])).trim()
      sent = (await cli('lotus', ['send', '--from', funded, to, '12.5'])).trim()
      const waited = await cli('lotus', ['state', 'wait-msg', sent])
      assert.match(waited, /^Executed in tipset: \[\S+.*\]\nExit Code: 0\nGas Used: \d+\nReturn: \n$/)
      assert.equal(await cli('lotus', ['wallet', 'balance', to]), '12.5 FIL\n')
      assert.match(await cli('lotus', ['sync', 'wait']), /\nDone!\n$/)
      const list = (await cli('lotus', ['chain', 'list', '--count', '3'])).trim().split('\n')
      assert.equal(list.length, 3)
      for (const line of list) assert.match(line, new RegExp(`^\\d+: \\(\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d\\) \\[ bafy\\w+: ${minerId}, \\]$`))
      const headCid = (await cli('lotus', ['chain', 'head'])).trim().split('\n')[0]!
      const blk = JSON.parse(await cli('lotus', ['chain', 'getblock', headCid])) as Record<string, unknown>
      assert.equal(blk.Miner, minerId)
      for (const k of ['Ticket', 'ElectionProof', 'BeaconEntries', 'WinPoStProof', 'ParentReceipts', 'ParentMessages', 'BlsMessages', 'SecpkMessages']) {
        assert.ok(k in blk, k)
      }
    } finally {
      await producer.stop()
    }
    const head = (await daemon!.api.ChainHead()).height
    assert.ok(head >= 6, `head ${head}`)
    const to2 = (await cli('lotus', ['wallet', 'new'])).trim()
    const pending = (await cli('lotus', ['send', '--from', funded, to2, '1'])).trim()
    const balance = await cli('lotus', ['wallet', 'balance', funded])

    await daemon!.stop()
    daemon = await startDaemon({ repo })
    assert.ok((await daemon.api.ChainHead()).height >= head)
    assert.equal(await cli('lotus', ['wallet', 'balance', funded]), balance)
    assert.match(await cli('lotus', ['mpool', 'pending', '--cids']), new RegExp(pending))
    const lookup = await daemon.api.StateSearchMsg(TipSetKey.empty, parseCid(sent), -1 as never, true)
    assert.equal(lookup?.Receipt.ExitCode, 0)
  })

  test('a message sent while no block is produced stays pending across a restart', async () => {
    const to = (await cli('lotus', ['wallet', 'new', 'bls'])).trim()
    const cid = (await cli('lotus', ['send', '--from', funded, to, '3'])).trim()
    assert.match(cid, /^bafy2bza/)
    const nonce = await daemon!.api.MpoolGetNonce(parseAddress(funded))
    const fixed = (await cli('lotus', ['send', '--from', funded, '--nonce', String(nonce), to, '1'])).trim()
    const fixedMsg = JSON.parse(await cli('lotus', ['chain', 'getmessage', fixed])) as { Message: { Nonce: number } }
    assert.equal(fixedMsg.Message.Nonce, nonce)
    const pending = await cli('lotus', ['mpool', 'pending', '--local'])
    assert.match(pending, /"Message": \{/)
    assert.match(await cli('lotus', ['mpool', 'pending', '--cids']), new RegExp(cid))
    const getmsg = JSON.parse(await cli('lotus', ['chain', 'getmessage', cid])) as { Message: { To: string, Value: string } }
    assert.equal(getmsg.Message.To, to)
    assert.equal(getmsg.Message.Value, (3n * FilecoinPrecision).toString())
    const headBefore = await cli('lotus', ['chain', 'head'])

    await runBin('lotus', ['daemon', 'stop'], { env: daemon!.env })
    assert.equal(await daemon!.exited, 0)
    assert.equal(existsSync(join(repo, 'api')), false, 'the api file is removed on stop')
    daemon = await startDaemon({ repo })
    assert.match(await cli('lotus', ['mpool', 'pending', '--cids']), new RegExp(cid))
    assert.equal(await cli('lotus', ['chain', 'head']), headBefore)
    assert.match(await cli('lotus', ['wallet', 'default']), /^t[13]\S+\n$/)
  })

  test('daemon refuses what it cannot do, naming the flag', async () => {
    const r = await runBin('lotus', ['--repo', join(dir, 'other'), 'daemon', '--import-snapshot', 'x.car'])
    assert.equal(r.code, 1)
    assert.match(r.stderr, /--import-snapshot: importing a chain is not supported/)
    const r2 = await runBin('lotus', ['--repo', join(dir, 'other'), 'daemon', '--lotus-make-genesis', 'x.car'])
    assert.match(r2.stderr, /must also pass file with genesis template to `--genesis-template`/)
  })
})
