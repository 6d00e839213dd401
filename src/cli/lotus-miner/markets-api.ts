/** A client of the markets node's API (`MARKETS_API_INFO`, `--markets-repo`, then `--miner-repo`). */
import type { Command } from 'commander'
import { MarketsContract, type MarketsApi } from '../../api/miner.js'
import { withNodeApi } from '../node-api.js'

export type { MarketsApi }

export async function withMarkets<T> (cmd: Command, body: (api: MarketsApi) => Promise<T>): Promise<T> {
  return await withNodeApi(cmd, MarketsContract, body, { target: 'markets' })
}
