import type { AnyCodec } from '../api/codecs/compound.js'
import type { Codec } from '../api/codecs/codec.js'
import type { ApiOf, CallOptions, Contract } from '../api/contract.js'
import { randomUUID } from 'node:crypto'
import { encodeWithReaders } from '../api/codecs/reader.js'
import { InvalidInputError } from '../core/errors.js'
import { RpcTransportError } from './errors.js'
import { HttpTransport } from './http-transport.js'
import { type PendingPush, type PushTarget, callWithPushes, pushUrlOf } from './push-client.js'
import type { Transport } from './transport.js'
import { WsTransport, type WsTransportOptions } from './ws-transport.js'

export interface RpcClientOptions extends Omit<WsTransportOptions, 'token' | 'headers'> {
  /** `ws://host:port/rpc/v0` (one multiplexed socket, channels) or `http://…` (keep-alive POSTs). */
  url: string
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string
  headers?: Record<string, string>
}

/** A remote API: the same type as the in-process implementation, plus `close()`. */
export type RpcClient<C extends Contract> = ApiOf<C> & { close: () => Promise<void> }

/**
 * A typed JSON-RPC client for a contract. Each method encodes its arguments with the contract's
 * codecs, and decodes the result (or, for channel methods, each value) the same way.
 */
export function createRpcClient<C extends Contract> (contract: C, options: RpcClientOptions): RpcClient<C> {
  const transport = openTransport(options)
  const pushTarget: PushTarget = {
    base: pushUrlOf(new URL(options.url)),
    headers: { ...options.headers, ...(options.token !== undefined && options.token !== '' ? { Authorization: `Bearer ${options.token}` } : {}) }
  }
  const api: Record<string, unknown> = {
    close: async () => { await transport.close() }
  }
  for (const [key, def] of Object.entries(contract)) {
    if (key === 'close') throw new Error('a contract method may not be called close')
    const params = def.params as readonly AnyCodec[] as ReadonlyArray<Codec<unknown>>
    const result = def.result as AnyCodec as Codec<unknown>
    api[key] = async (...args: unknown[]): Promise<unknown> => {
      const opts = args.length > params.length ? args[params.length] as CallOptions | undefined : undefined
      // Reader params (streams) are pushed beside the call; the params carry their uuids.
      const pushes: PendingPush[] = []
      const register = (stream: AsyncIterable<Uint8Array>): string => {
        const uuid = randomUUID()
        pushes.push({ uuid, stream })
        return uuid
      }
      const json = encodeWithReaders(register, () => params.map((codec, i) => {
        try {
          return codec.toJson(args[i] as never)
        } catch (err) {
          throw new InvalidInputError('ERR_RPC_PARAM', `cannot encode: ${(err as Error).message}`,
            { value: args[i], source: `${def.name} param ${i}`, cause: err })
        }
      }))
      const decode = (value: unknown, path: string): unknown => {
        try {
          return result.fromJson(value, path)
        } catch (err) {
          throw new RpcTransportError(def.name, transport.endpoint, `unexpected ${path}: ${(err as Error).message}`, { cause: err })
        }
      }
      if (def.channel) {
        if (pushes.length > 0) throw new InvalidInputError('ERR_RPC_PARAM', 'a channel method cannot take reader params', { value: def.name, source: 'RPC client' })
        const values = await transport.subscribe(def.name, json, opts?.signal)
        return decodeStream(values, decode)
      }
      if (pushes.length > 0) {
        const raw = await callWithPushes(def.name, pushTarget, pushes, opts?.signal, async (signal) => await transport.call(def.name, json, signal))
        return decode(raw, 'result')
      }
      return decode(await transport.call(def.name, json, opts?.signal), 'result')
    }
  }
  return api as RpcClient<C>
}

async function * decodeStream (values: AsyncIterable<unknown>, decode: (value: unknown, path: string) => unknown): AsyncGenerator<unknown> {
  for await (const value of values) yield decode(value, 'channel value')
}

function openTransport (options: RpcClientOptions): Transport {
  let url: URL
  try {
    url = new URL(options.url)
  } catch {
    throw new InvalidInputError('ERR_RPC_URL', `parsing address: '${options.url}' is not a URL`, { value: options.url, source: 'RPC endpoint' })
  }
  switch (url.protocol) {
    case 'ws:':
    case 'wss:':
      return new WsTransport(url, options)
    case 'http:':
    case 'https:':
      return new HttpTransport(url, options.token, options.headers)
    default:
      throw new InvalidInputError('ERR_RPC_URL', `unknown url scheme '${url.protocol.slice(0, -1)}'`, { value: options.url, source: 'RPC endpoint' })
  }
}
