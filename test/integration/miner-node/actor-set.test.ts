// The seed's `lotus-miner actor set-addrs` / `set-peer-id` against a running devnet: the worker's
// message lands, the miner actor's info carries the new multiaddrs and peer ID (StateMinerInfo
// and `lotus state miner-info`), `--unset` clears them, and bad input is refused before sending.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { multiaddr } from '@multiformats/multiaddr'
import { parseAddress } from '../../../src/core/address/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { startDevnet, type Devnet } from '../../kit/devnet.js'

let net: Devnet
const miner = parseAddress('t01000')
// An Ed25519 peer ID (identity multihash of its public key), as a markets node would have.
const peerId = '12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf'

before(async () => { net = await startDevnet({ miners: [1] }) })
after(async () => { await net?.stop() })

async function waitMsg (out: string): Promise<void> {
  const cid = /in message (\S+)/.exec(out)?.[1]
  assert.ok(cid !== undefined, out)
  await net.cli('lotus', ['state', 'wait-msg', cid])
}

describe('lotus-miner actor set-addrs / set-peer-id', () => {
  test('set-addrs puts the multiaddrs on chain', async () => {
    const out = await net.cli('lotus-miner', ['actor', 'set-addrs', '/ip4/127.0.0.1/tcp/24001', '/dns4/sp.example/tcp/24002'])
    assert.match(out, /^Requested multiaddrs change in message bafy\S+\n$/)
    await waitMsg(out)
    const info = await net.daemon.api.StateMinerInfo(miner, TipSetKey.empty)
    assert.deepEqual(info.Multiaddrs.map((b) => multiaddr(b).toString()), ['/ip4/127.0.0.1/tcp/24001', '/dns4/sp.example/tcp/24002'])
    assert.match(await net.cli('lotus', ['state', 'miner-info', 't01000']), /Multiaddrs:.*\/ip4\/127\.0\.0\.1\/tcp\/24001/)
  })

  test('set-peer-id puts the peer ID on chain', async () => {
    const out = await net.cli('lotus-miner', ['actor', 'set-peer-id', peerId])
    assert.match(out, /^Requested peerid change in message bafy\S+\n$/)
    await waitMsg(out)
    assert.equal((await net.daemon.api.StateMinerInfo(miner, TipSetKey.empty)).PeerId, peerId)
    assert.match(await net.cli('lotus', ['state', 'miner-info', 't01000']), new RegExp(`PeerID:\\s+${peerId}`))
  })

  test('--unset clears the multiaddrs', async () => {
    await waitMsg(await net.cli('lotus-miner', ['actor', 'set-addrs', '--unset']))
    assert.deepEqual((await net.daemon.api.StateMinerInfo(miner, TipSetKey.empty)).Multiaddrs, [])
  })

  test('bad input is refused by name and nothing is sent', async () => {
    const nonce = await net.daemon.api.MpoolGetNonce((await net.daemon.api.StateMinerInfo(miner, TipSetKey.empty)).Worker)
    const bad = await net.run('lotus-miner', ['actor', 'set-addrs', '/ip4/999.1.1.1/tcp/1'])
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /multiaddrs\[0\]: "\/ip4\/999\.1\.1\.1\/tcp\/1" is not a multiaddr/)
    const both = await net.run('lotus-miner', ['actor', 'set-addrs', '--unset', '/ip4/1.2.3.4/tcp/1'])
    assert.match(both.stderr, /unset can only be used with no arguments/)
    const pid = await net.run('lotus-miner', ['actor', 'set-peer-id', 'not-a-peer'])
    assert.equal(pid.code, 1)
    assert.match(pid.stderr, /peer id: "not-a-peer" is not a libp2p peer ID/)
    assert.equal(await net.daemon.api.MpoolGetNonce((await net.daemon.api.StateMinerInfo(miner, TipSetKey.empty)).Worker), nonce)
  })
})
