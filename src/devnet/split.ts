/**
 * The seed's split, done by `npm start` on its devnet: the genesis miner runs as a
 * mining/sealing/proving node (`EnableMarkets = false`), and a markets node is made from its
 * backup (`lotus-miner backup` under `LOTUS_BACKUP_BASE_PATH`, then `init service
 * --type=markets` with the sealer and sector-index API infos). The markets node owns the miner's
 * peer ID; its listen address goes on chain with `actor set-addrs`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { multiaddr } from '@multiformats/multiaddr'
import type { FullNodeApi } from '../api/fullnode/index.js'
import { parseAddress } from '../core/address/index.js'
import { TipSetKey } from '../chain/types/index.js'
import { type Devnet, run, say } from './processes.js'

/** Seed step 4: the mining node gives up Markets. Returns true when the config changed. */
export function disableMarketsOnMiner (d: Devnet): boolean {
  const file = join(d.minerPath, 'config.toml')
  const text = readFileSync(file, 'utf8')
  const next = text.replace(/^(\s*)#?EnableMarkets = true\s*$/m, '$1EnableMarkets = false')
  if (next === text) return false
  writeFileSync(file, next)
  say(`(set EnableMarkets = false in ${file})`)
  return true
}

/** The mining node's admin API info, as the seed exports APISEALER / APISECTORINDEX. */
export async function sealerApiInfo (d: Devnet): Promise<string> {
  return (await run(d, 'lotus-miner', ['auth', 'api-info', '--perm=admin'])).trim().replace(/^MINER_API_INFO=/, '')
}

/** Seed steps 1–3 and 5: backup of the running mining node, seed config, `init service --type=markets`. */
export async function initMarketsNode (d: Devnet, marketsApiPort: string): Promise<void> {
  const backup = join(d.dir, 'backup.cbor')
  await run(d, 'lotus-miner', ['backup', backup])
  const seed = join(d.dir, 'markets-config.toml')
  writeFileSync(seed, [
    '[API]',
    `  ListenAddress = "/ip4/127.0.0.1/tcp/${marketsApiPort}/http"`,
    `  RemoteListenAddress = "127.0.0.1:${marketsApiPort}"`,
    '[Libp2p]',
    '  # A local devnet: the markets endpoint listens on loopback (a real one listens publicly).',
    '  ListenAddresses = ["/ip4/127.0.0.1/tcp/0"]',
    ''
  ].join('\n'))
  const info = await sealerApiInfo(d)
  await run(d, 'lotus-miner', ['--markets-repo', d.marketsPath, 'init', 'service', '--type=markets',
    `--api-sealer=${info}`, `--api-sector-index=${info}`, `--config=${seed}`, backup])
}

export function hasMarketsRepo (d: Devnet): boolean {
  return existsSync(join(d.marketsPath, 'config.toml'))
}

/** `actor set-addrs` with the markets node's listen address, when the chain has another. */
export async function announceMarkets (d: Devnet, api: Pick<FullNodeApi, 'StateMinerInfo'>, miner: string): Promise<void> {
  const listen = (await run(d, 'lotus-miner', ['net', 'listen'])).trim().split('\n')[0]!
  const addr = multiaddr(listen.replace(/\/p2p\/[^/]+$/, ''))
  const onChain = (await api.StateMinerInfo(parseAddress(miner), TipSetKey.empty)).Multiaddrs ?? []
  if (onChain.length === 1 && Buffer.from(onChain[0]!).equals(addr.bytes)) return
  await run(d, 'lotus-miner', ['actor', 'set-addrs', addr.toString()])
}
