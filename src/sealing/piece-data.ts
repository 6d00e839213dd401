/**
 * Turns SectorAddPieceToAny's reader parameter into bytes: zeros for a null reader, the
 * pushed body for a push reader (from the RPC server's stream registry), the server-side
 * download for an http reader (Lotus httpreader), or the in-process stream as given. Every
 * source is held to the declared size: a longer one fails naming where it came from, before
 * its extra bytes reach the sector file.
 */
import { InvalidInputError } from '../core/errors.js'
import type { PieceData } from '../api/sealing.js'

/** What a reader may do: `signal` ends with the call, `maxBytes` is the declared piece size. */
export interface PieceReadOptions {
  signal?: AbortSignal
  maxBytes: number
}

/** The RPC server's push registry, as sealing sees it (`SealingDeps.openPushedReader`). */
export type OpenPushedReader = (uuid: string, options: PieceReadOptions) => AsyncIterable<Uint8Array>

const SOURCE = 'SectorAddPieceToAny params[1]'

async function * zeros (size: number): AsyncIterable<Uint8Array> {
  const block = new Uint8Array(Math.min(size, 1 << 20))
  for (let left = size; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left)
}

/** Lotus httpreader: a GET, 200 or an error naming the URL and status; read as the body arrives. */
async function * download (url: string, signal: AbortSignal | undefined): AsyncIterable<Uint8Array> {
  const parsed = new URL(url)
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InvalidInputError('ERR_READER_HTTP', `piece data URL ${url} is not http(s)`, { value: url, source: SOURCE })
  }
  let res: Response
  try {
    res = await fetch(parsed, { signal, redirect: 'follow' })
  } catch (err) {
    throw new InvalidInputError('ERR_READER_HTTP', `fetching piece data from ${url}: ${(err as Error).message}`, { value: url, source: SOURCE, cause: err })
  }
  if (res.status !== 200 || res.body === null) {
    await res.body?.cancel()
    throw new InvalidInputError('ERR_READER_HTTP', `fetching piece data from ${url}: unexpected status code ${res.status}`, { value: url, source: SOURCE })
  }
  yield * res.body
}

/** Passes `data` through, failing once it runs past `maxBytes`. */
async function * limited (data: AsyncIterable<Uint8Array>, maxBytes: number, what: string): AsyncIterable<Uint8Array> {
  let seen = 0
  for await (const chunk of data) {
    seen += chunk.length
    if (seen > maxBytes) {
      throw new InvalidInputError('ERR_PIECE_DATA_TOO_LONG', `piece data from ${what} is longer than the declared ${maxBytes} bytes`, { value: maxBytes, source: SOURCE })
    }
    yield chunk
  }
}

export function pieceDataStream (data: PieceData, openPushed: OpenPushedReader | undefined, options: PieceReadOptions): AsyncIterable<Uint8Array> {
  switch (data.kind) {
    case 'null':
      if (data.size > options.maxBytes) {
        throw new InvalidInputError('ERR_PIECE_DATA_TOO_LONG', `null reader of ${data.size} bytes is longer than the declared ${options.maxBytes} bytes`, { value: data.size, source: SOURCE })
      }
      return zeros(data.size)
    case 'stream': return limited(data.stream, options.maxBytes, 'the given stream')
    case 'http': return limited(download(data.url, options.signal), options.maxBytes, data.url)
    case 'push':
      if (openPushed === undefined) {
        throw new InvalidInputError('ERR_READER_PUSH', 'this node cannot receive pushed readers (no /rpc/streams/v0/push handler)', { value: data.uuid, source: SOURCE })
      }
      return limited(openPushed(data.uuid, options), options.maxBytes, `pushed reader ${data.uuid}`)
  }
}
