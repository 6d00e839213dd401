// `lotus client` end to end on a devnet whose miner runs Markets in process (the monolith), with
// the real binaries: the miner's libp2p address and peer ID go on chain (`actor set-addrs`,
// `set-peer-id`); `lotus client query-ask` reads its ask over libp2p; `lotus client import` makes a
// CAR of a 1600-byte file; `lotus client deal` proposes it (the full node signs, reserves escrow,
// offers the CAR over its HTTP API and proposes on Boost's protocol); the miner pulls, publishes,
// seals and proves it; `lotus client list-deals` follows it to StorageDealActive. A price below
// the ask is refused with the provider's reason.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseAddress } from '../../../src/core/address/index.js'
import { parseCid } from '../../../src/core/cid.js'
import type { ChainEpoch } from '../../../src/core/types.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { startDevnet, waitFor, type Devnet } from '../../kit/devnet.js'

const miner = parseAddress('t01000')
const head = TipSetKey.empty
let net: Devnet

before(async () => {
  net = await startDevnet({ miners: [1], blockDelay: '1s', deadlines: 4, challengeWindow: 10, markets: true, minerEnv: { LOTUS_DEALMAKING_PUBLISHMSGPERIOD: '1s' } })
  // The provider locks collateral from its escrow, as an operator funds it.
  const worker = (await net.daemon.api.StateMinerInfo(miner, head)).Worker
  const added = await net.cli('lotus', ['wallet', 'market', 'add', '--from', worker.toString(), '--address', 't01000', '1'])
  assert.match(added, /^Submitting Add Balance message for amount 1 FIL for address t01000\nAddBalance message cid: (bafy\S+)\n$/)
  await net.daemon.api.StateWaitMsg(parseCid(/cid: (\S+)/.exec(added)![1]!), 1, -1 as ChainEpoch, true)
  const listen = (await net.cli('lotus-miner', ['net', 'listen'])).trim()
  const [addr, peer] = listen.split('/p2p/') as [string, string]
  await net.cli('lotus-miner', ['actor', 'set-addrs', addr])
  await net.cli('lotus-miner', ['actor', 'set-peer-id', peer])
  await waitFor(async () => {
    const mi = await net.daemon.api.StateMinerInfo(miner, head)
    return mi.PeerId === peer && (mi.Multiaddrs ?? []).length === 1
  }, 'the miner\'s address and peer ID on chain', 30_000)
})
after(async () => { await net?.stop() })

describe('lotus client', () => {
  let root = ''

  test('query-ask reads the miner\'s ask over libp2p', async () => {
    assert.equal(await net.cli('lotus', ['client', 'query-ask', 't01000']),
      'Ask: t01000\nPrice per GiB: 0.00000000005 FIL\nVerified Price per GiB: 0.000000000005 FIL\nMax Piece size: 2 KiB\nMin Piece size: 256 B\n')
  })

  test('import makes a CAR of the file', async () => {
    const file = join(net.dir, 'data.bin')
    writeFileSync(file, randomBytes(1600))
    const out = await net.cli('lotus', ['client', 'import', file])
    const m = /^Import (\d+), Root (bafk\S+)\n$/.exec(out)
    assert.ok(m !== null, out)
    root = m[2]!
  })

  test('a deal below the ask is refused with the provider\'s reason', async () => {
    const r = await net.run('lotus', ['client', 'deal', root, 't01000', '0', '520000'])
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, /deal proposal rejected: failed validation: storage price per epoch less than asking price: 0 < 95/)
  })

  test('deal: proposed, transferred from the full node, published, sealed and active', async () => {
    const proposal = (await net.cli('lotus', ['client', 'deal', root, 't01000', '0.0000001', '520000'])).trim()
    assert.match(proposal, /^bafy\S+$/)
    const tail = proposal.slice(-8)
    const row = await waitFor(async () => {
      const list = await net.cli('lotus', ['client', 'list-deals'])
      const line = list.split('\n').find((l) => l.startsWith(`...${tail}`))
      assert.ok(line !== undefined, list)
      assert.doesNotMatch(line, /StorageDealError|Rejected/)
      return /StorageDealActive/.test(line) && line
    }, 'the deal to be active', 180_000, 1000)
    assert.match(row, new RegExp(`^\\.\\.\\.${tail}\\s+\\d+\\s+t01000\\s+StorageDealActive\\s+Y\\s+N\\s+\\.\\.\\.\\S{8}\\s+2 KiB\\s+0\\.00000009918168 FIL\\s+520000\\s+false`))
    const verbose = await net.cli('lotus', ['client', 'list-deals', '--verbose'])
    const dealId = Number(new RegExp(`${proposal}\\s+(\\d+)`).exec(verbose)?.[1])
    const deal = await net.daemon.api.StateMarketStorageDeal(dealId as never, head)
    assert.equal(deal.Proposal.Label, root)
    assert.ok(deal.State.SectorStartEpoch > 0)
    // The provider's own listing agrees.
    assert.match(await net.cli('lotus-miner', ['storage-deals', 'list']), new RegExp(`${proposal}\\s+${dealId}\\s+AddedPiece\\s+`))
  })
})
