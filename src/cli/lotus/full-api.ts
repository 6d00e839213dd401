/**
 * What the `lotus` chain commands share: a client of the full node's v1 API, argument parsing
 * that names the argument at fault, Lotus's `--tipset` references, and Go-style JSON output
 * (`json.MarshalIndent(v, "", "  ")`).
 */
import type { Command } from 'commander'
import { type Address, parseAddress } from '../../core/address/index.js'
import { type CID, parseCid } from '../../core/cid.js'
import { InvalidInputError } from '../../core/errors.js'
import type { ChainEpoch } from '../../core/types.js'
import { FullNodeContract, type FullNodeApi } from '../../api/fullnode/index.js'
import { TipSetKey, type TipSet } from '../../chain/types/index.js'
import { withNodeApi } from '../node-api.js'
import { programInfo } from '../routing.js'

export type { FullNodeApi }

/** Runs `body` with a client of the full node's v1 API (`FULLNODE_API_INFO`, `--repo`). */
export async function withFullNode<T> (cmd: Command, body: (api: FullNodeApi) => Promise<T>): Promise<T> {
  return await withNodeApi(cmd, FullNodeContract, body, { target: 'full', version: 'v1' })
}

export function out (cmd: Command, text: string): void {
  programInfo(cmd).io.stdout(text)
}

export function addressArg (text: string | undefined, source: string): Address {
  if (text === undefined || text === '') throw new InvalidInputError('ERR_MISSING_ARGUMENT', 'address is required', { source })
  return parseAddress(text, source)
}

export function cidArg (text: string | undefined, source: string): CID {
  if (text === undefined || text === '') throw new InvalidInputError('ERR_MISSING_ARGUMENT', 'CID is required', { source })
  return parseCid(text.trim(), source)
}

/** Lotus `IncorrectNumArgs`. */
export function checkArgCount (cmd: Command, args: readonly unknown[], want: number): void {
  if (args.length !== want) {
    throw new InvalidInputError('ERR_ARGS', `incorrect number of arguments to '${cmd.name()}', got ${args.length}, expected ${want}`)
  }
}

/**
 * Lotus `LoadTipSet`: `--tipset` as comma-separated block CIDs, `@<height>` or `@head`; the
 * head when unset.
 */
export async function loadTipSet (api: FullNodeApi, ref: string | undefined): Promise<TipSet> {
  if (ref === undefined || ref === '' || ref === '@head') return await api.ChainHead()
  if (ref.startsWith('@')) {
    const h = ref.slice(1)
    if (!/^\d+$/.test(h)) throw new InvalidInputError('ERR_TIPSET_REF', `parsing height tipset ref: expected @<height>, got ${JSON.stringify(ref)}`, { value: ref, source: '--tipset' })
    return await api.ChainGetTipSetByHeight(Number(h) as ChainEpoch, TipSetKey.empty)
  }
  const cids = ref.split(',').map((s, i) => parseCid(s.trim(), `--tipset[${i}]`))
  return await api.ChainGetTipSet(TipSetKey.fromCids(cids))
}

/** Go's `json.MarshalIndent(v, "", "  ")` plus a newline, with Go's HTML escaping. */
export function goJson (value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)}\n`
}

/** Go's `fmt.Sprint([]cid.Cid)`: `[bafy… bafy…]`. */
export function goCidList (cids: readonly CID[]): string {
  return `[${cids.map((c) => c.toString()).join(' ')}]`
}
