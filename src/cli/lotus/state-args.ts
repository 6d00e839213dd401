/**
 * What the `lotus state` subcommands share: the tipset `--tipset` names (the head when unset),
 * required arguments and non-negative integer arguments that name the value at fault.
 */
import type { Command } from 'commander'
import { InvalidInputError } from '../../core/errors.js'
import type { TipSet } from '../../chain/types/index.js'
import { type FullNodeApi, loadTipSet } from './full-api.js'

/** Lotus `LoadTipSet` with the `--tipset` of `lotus state`. */
export async function stateTipSet (api: FullNodeApi, cmd: Command): Promise<TipSet> {
  return await loadTipSet(api, cmd.optsWithGlobals<{ tipset?: string }>().tipset)
}

/** The argument, or Lotus's refusal when it is missing. */
export function requireArg (text: string | undefined, message: string): string {
  if (text === undefined || text === '') throw new InvalidInputError('ERR_MISSING_ARGUMENT', message)
  return text
}

/** A uint64 argument (sector number, deal ID) that fits a JavaScript number. */
export function uintArg (text: string, what: string, source: string): number {
  if (!/^\d+$/.test(text)) {
    throw new InvalidInputError('ERR_INVALID_NUMBER', `parsing ${what}: ${JSON.stringify(text)} is not a non-negative integer`, { value: text, source })
  }
  const n = Number(text)
  if (!Number.isSafeInteger(n)) {
    throw new InvalidInputError('ERR_INVALID_NUMBER', `parsing ${what}: ${text} is larger than ${Number.MAX_SAFE_INTEGER}`, { value: text, source })
  }
  return n
}
