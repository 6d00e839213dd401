// The sealing pipeline against crashes, on a devnet (daemon + `lotus-miner run` as child
// processes, 1 s epochs): three pledged sectors; the miner is SIGKILLed while they are part-way
// through sealing (one already waiting on chain, others earlier); after a restart every sector
// reaches Proving, each pre-committed and prove-committed once, and `sectors list`, `sectors
// status --log` and `info` say what a Lotus user expects.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseAddress } from '../../../src/core/address/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { startDevnet, waitFor, type Devnet } from '../../kit/devnet.js'

const miner = parseAddress('t01000')
const head = TipSetKey.empty
const pledged = [2, 3, 4]
let net: Devnet

before(async () => { net = await startDevnet({ miners: [2], blockDelay: '1s', deadlines: 4, challengeWindow: 10, preCommitChallengeDelay: 5 }) })
after(async () => { await net?.stop() })

async function states (): Promise<Map<number, string>> {
  const out = new Map<number, string>()
  for (const n of pledged) out.set(n, (await net.miners[0]!.api.SectorsStatus(n as never, false)).State)
  return out
}

/** Methods the worker sent to the miner actor, by method number, over the whole chain. */
async function minerMessages (): Promise<Map<number, number>> {
  const counts = new Map<number, number>()
  let ts = await net.daemon.api.ChainHead()
  while (ts.height > 0) {
    for (const m of await net.daemon.api.ChainGetMessagesInTipset(ts.key)) {
      if (m.Message.To.toString() === 't01000') counts.set(Number(m.Message.Method), (counts.get(Number(m.Message.Method)) ?? 0) + 1)
    }
    ts = await net.daemon.api.ChainGetTipSet(ts.parents)
  }
  return counts
}

describe('sealing survives kill -9', () => {
  test('three pledged sectors, a SIGKILL mid-sealing, a restart: all reach Proving once', async () => {
    for (const n of pledged) assert.equal(await net.cli('lotus-miner', ['sectors', 'pledge']), `Created CC sector:  ${n}\n`)
    // Kill once a sector waits on chain while the pipeline has more to do.
    const before = await waitFor(async () => {
      const s = await states()
      const waiting = [...s.values()].some((st) => ['PreCommitWait', 'WaitSeed', 'Committing', 'CommitWait'].includes(st))
      return waiting && [...s.values()].some((st) => st !== 'Proving') && s
    }, 'a sector waiting on chain', 60_000, 100)
    await net.miners[0]!.kill()
    assert.ok([...before.values()].some((st) => st !== 'Proving'), `killed too late: ${[...before.entries()].join(' ')}`)

    await net.startMiner(0)
    await waitFor(async () => [...(await states()).values()].every((st) => st === 'Proving'), 'every pledged sector Proving after the restart', 120_000, 500)
    for (const n of pledged) assert.notEqual(await net.daemon.api.StateSectorGetInfo(miner, n as never, head), null, `sector ${n} on chain`)

    // Nothing sealed twice: one PreCommit (6, or batch 25/28) and one ProveCommit (7, or 34/44) per sector at most.
    const sent = await minerMessages()
    const precommits = (sent.get(6) ?? 0) + (sent.get(25) ?? 0) + (sent.get(28) ?? 0)
    const commits = (sent.get(7) ?? 0) + (sent.get(34) ?? 0) + (sent.get(44) ?? 0)
    assert.ok(precommits >= 1 && precommits <= pledged.length, `precommit messages: ${precommits}`)
    assert.ok(commits >= 1 && commits <= pledged.length, `prove-commit messages: ${commits}`)
  })

  test('sectors list, status --log and info tell the story', async () => {
    const list = await net.cli('lotus-miner', ['sectors', 'list'])
    for (const n of pledged) assert.match(list, new RegExp(`\\n${n}\\s+Proving\\s+YES\\s+`))
    const status = await Promise.all(pledged.map(async (n) => await net.cli('lotus-miner', ['sectors', 'status', '--log', String(n)])))
    for (const st of status) {
      assert.match(st, /^SectorID:\t\d+\nStatus:\t\tProving\n/)
      assert.match(st, /\[event;sealing\.SectorProving\]/)
    }
    // The sectors the kill caught mid-way carry the restart in their log.
    assert.ok(status.some((st) => st.includes('[event;sealing.SectorRestart]')), status.join('\n'))
    const info = await net.cli('lotus-miner', ['info'])
    assert.match(info, /Sectors:\n\tTotal: 5\n\tProving: 5\n/)
  })
})
