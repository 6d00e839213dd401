/**
 * What the `lotus-miner` commands share: a client of the mining node's API (Common +
 * StorageMiner + sealing + storage on `/rpc/v0`), the actor address (`--actor`, else
 * `ActorAddress`), the full node's v1 API, and output.
 */
import type { Command } from 'commander'
import { MinerContract, type MinerApi } from '../../api/miner.js'
import { type Address, parseAddress } from '../../core/address/index.js'
import { globalFlags } from '../globals.js'
import { withNodeApi } from '../node-api.js'
import { programInfo } from '../routing.js'

export type { MinerApi }

/** Runs `body` with a client of the mining node (`MINER_API_INFO`, `--miner-repo`). */
export async function withMiner<T> (cmd: Command, body: (api: MinerApi) => Promise<T>): Promise<T> {
  return await withNodeApi(cmd, MinerContract, body, { target: 'miner' })
}

/** Lotus `getActorAddress`: `--actor` when given, else the miner's `ActorAddress`. */
export async function actorAddress (cmd: Command, api: Pick<MinerApi, 'ActorAddress'>): Promise<Address> {
  const flag = globalFlags(cmd).actor
  if (flag !== undefined && flag !== '') return parseAddress(flag, '--actor')
  return await api.ActorAddress()
}

export function print (cmd: Command, text: string): void {
  programInfo(cmd).io.stdout(text)
}

/** A go-log style info line on stderr (what Lotus logs rather than prints). */
export function logLine (cmd: Command, system: string, message: string): void {
  programInfo(cmd).io.stderr(`${new Date().toISOString()}\tINFO\t${system}\t${message}\n`)
}
