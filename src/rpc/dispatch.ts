import type { AnyCodec } from '../api/codecs/compound.js'
import type { Codec } from '../api/codecs/codec.js'
import type { ApiOf, CallOptions, Contract, MethodDef } from '../api/contract.js'
import { type ErrorCodeEntry, toErrorObject } from './errors.js'
import { type ErrorObject, type RequestFrame, RpcErrorCodes } from './protocol.js'

/**
 * Transport-independent dispatch: finds the method a request names, decodes its positional
 * params with the contract's codecs, checks the caller's permission, calls the implementation
 * and encodes what it returns. The order of checks and every message follow go-jsonrpc, so a
 * Lotus client sees the same errors from us as from Lotus.
 */
export type Outcome =
  | { kind: 'result', result: unknown }
  | { kind: 'error', error: ErrorObject }
  | { kind: 'channel', values: AsyncIterable<unknown>, encode: (value: unknown) => unknown }

export interface CallContext {
  /** Permissions of the verified token (or the default ones). */
  perms: readonly string[]
  /** Aborted on `xrpc.cancel` or when the connection closes. */
  signal: AbortSignal
  /** Whether the transport can carry channels (WebSocket yes, HTTP POST no). */
  channels: boolean
}

interface Entry {
  key: string
  def: MethodDef
  fn: ((...args: unknown[]) => Promise<unknown>) | undefined
}

export type Dispatch = (req: RequestFrame, ctx: CallContext) => Promise<Outcome>

function error (code: number, message: string): Outcome {
  return { kind: 'error', error: { code, message } }
}

export function createDispatch<C extends Contract> (
  contract: C,
  impl: ApiOf<C>,
  errorCodes: readonly ErrorCodeEntry[]
): Dispatch {
  const byWireName = new Map<string, Entry>()
  for (const [key, def] of Object.entries(contract)) {
    const candidate: unknown = (impl as Record<string, unknown>)[key]
    const fn = typeof candidate === 'function' ? (candidate as (...args: unknown[]) => Promise<unknown>).bind(impl) : undefined
    byWireName.set(def.name, { key, def, fn })
  }
  // Lotus serves `rpc.discover` as an alias of `Filecoin.Discover`.
  const discover = [...byWireName.values()].find((e) => e.key === 'Discover')
  if (discover !== undefined && !byWireName.has('rpc.discover')) byWireName.set('rpc.discover', discover)

  return async (req, ctx) => {
    const entry = byWireName.get(req.method)
    if (entry === undefined) return error(RpcErrorCodes.MethodNotFound, `method '${req.method}' not found`)
    const { def, key } = entry
    if (def.channel && !ctx.channels) {
      return error(RpcErrorCodes.MethodNotFound, `method '${req.method}' not supported in this mode (no out channel support)`)
    }

    const raw = req.params
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
      return error(RpcErrorCodes.ParseError, 'unmarshaling param array: params must be a JSON array')
    }
    const given: readonly unknown[] = raw ?? []
    const codecs = def.params as readonly AnyCodec[] as ReadonlyArray<Codec<unknown>>
    if (given.length !== codecs.length) {
      return error(RpcErrorCodes.InvalidParams, `wrong param count (method '${req.method}'): ${given.length} != ${codecs.length}`)
    }
    const args: unknown[] = new Array(codecs.length + 1)
    for (let i = 0; i < codecs.length; i++) {
      try {
        args[i] = (codecs[i] as Codec<unknown>).fromJson(given[i], `params[${i}]`)
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err)
        return error(RpcErrorCodes.ParseError, `unmarshaling params for '${req.method}' (param: ${i}): ${why}`)
      }
    }

    // Lotus checks permissions inside the method proxy, after params decode: same order here.
    if (!ctx.perms.includes(def.perm)) {
      return error(RpcErrorCodes.Error, `missing permission to invoke '${key}' (need '${def.perm}')`)
    }
    if (entry.fn === undefined) {
      return error(RpcErrorCodes.Panic, `fatal error calling '${req.method}': panic in rpc method '${req.method}': not implemented on this node`)
    }

    const options: CallOptions = { signal: ctx.signal }
    args[codecs.length] = options
    let value: unknown
    try {
      value = await entry.fn(...args)
    } catch (err) {
      return { kind: 'error', error: toErrorObject(err, req.method, errorCodes) }
    }

    const result = def.result as AnyCodec as Codec<unknown>
    if (def.channel) {
      if (value === null || typeof value !== 'object' || !(Symbol.asyncIterator in value)) {
        return error(RpcErrorCodes.Error, `method '${req.method}' returned a nil channel`)
      }
      return { kind: 'channel', values: value as AsyncIterable<unknown>, encode: (v) => result.toJson(v) }
    }
    try {
      return { kind: 'result', result: result.toJson(value) }
    } catch (err) {
      return error(RpcErrorCodes.Panic, `panic encoding response for '${req.method}': ${err instanceof Error ? err.message : String(err)}`)
    }
  }
}
