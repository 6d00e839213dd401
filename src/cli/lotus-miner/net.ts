/**
 * `lotus-miner net` (Lotus `cli/net.go`, forced to the markets node: only it runs libp2p):
 * `id`, `listen` and `peers`, which the seed uses to find the peer ID for `actor set-peer-id`.
 */
import { Command } from 'commander'
import { routeTo } from '../routing.js'
import { print } from './miner-api.js'
import { withMarkets } from './markets-api.js'

export function netCommand (): Command {
  const net = routeTo(new Command('net'), 'markets').description('Manage P2P Network')
  net.command('id').description('Get node identity').action(async (_o: unknown, cmd: Command) => {
    await withMarkets(cmd, async (api) => { print(cmd, `${await api.ID()}\n`) })
  })
  net.command('listen').description('List listen addresses').action(async (_o: unknown, cmd: Command) => {
    await withMarkets(cmd, async (api) => {
      const info = await api.NetAddrsListen()
      print(cmd, info.Addrs.map((a) => `${a}/p2p/${info.ID}\n`).join(''))
    })
  })
  net.command('peers').description('Print peers').action(async (_o: unknown, cmd: Command) => {
    await withMarkets(cmd, async (api) => {
      const peers = [...await api.NetPeers()].sort((a, b) => a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0)
      // Go prints a slice of multiaddrs as `[a b]`.
      print(cmd, peers.map((p) => `${p.ID}, [${p.Addrs.join(' ')}]\n`).join(''))
    })
  })
  return net
}
