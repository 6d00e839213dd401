/**
 * What the `lotus-miner proving` commands share: the miner actor they look at and the
 * `<deadlineIdx>` argument, parsed as Lotus parses them.
 */
import type { Command } from 'commander'
import { type Address, parseAddress } from '../../core/address/index.js'
import { InvalidInputError } from '../../core/errors.js'
import { globalFlags } from '../globals.js'
import { withMiner } from './miner-api.js'

/** Lotus `getActorAddress`: `--actor` when given (no miner connection needed), else the miner's ActorAddress. */
export async function minerActor (cmd: Command): Promise<Address> {
  const flag = globalFlags(cmd).actor
  if (flag !== undefined && flag !== '') return parseAddress(flag, '--actor')
  return await withMiner(cmd, async (api) => await api.ActorAddress())
}

/** The `<deadlineIdx>` argument, as Lotus parses it (an unsigned integer). */
export function deadlineArg (args: readonly string[]): number {
  if (args.length !== 1) throw new InvalidInputError('ERR_ARGS', 'must pass deadline index')
  const text = args[0]!
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InvalidInputError('ERR_ARGS', `could not parse deadline index: ${JSON.stringify(text)} is not an unsigned integer`, { value: text, source: '<deadlineIdx>' })
  }
  return Number(text)
}
