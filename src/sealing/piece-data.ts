/**
 * Turns SectorAddPieceToAny's reader parameter into bytes: zeros for a null reader, the
 * pushed body for a push reader (from the RPC server's stream registry), the server-side
 * download for an http reader, or the in-process stream as given.
 */
import { InvalidInputError } from '../core/errors.js'
import type { PieceData } from '../api/sealing.js'

async function * zeros (size: number): AsyncIterable<Uint8Array> {
  const block = new Uint8Array(Math.min(size, 1 << 20))
  for (let left = size; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left)
}

async function * download (url: string): AsyncIterable<Uint8Array> {
  const res = await fetch(url)
  if (!res.ok || res.body === null) throw new Error(`fetching piece data from ${url}: HTTP ${res.status}`)
  for await (const chunk of res.body) yield chunk
}

export function pieceDataStream (data: PieceData, openPushed: ((uuid: string) => AsyncIterable<Uint8Array>) | undefined): AsyncIterable<Uint8Array> {
  switch (data.kind) {
    case 'null': return zeros(data.size)
    case 'stream': return data.stream
    case 'http': return download(data.url)
    case 'push':
      if (openPushed === undefined) {
        throw new InvalidInputError('ERR_READER_PUSH', 'this node cannot receive pushed readers (no /rpc/streams/v0/push handler)', { value: data.uuid, source: 'SectorAddPieceToAny params[1]' })
      }
      return openPushed(data.uuid)
  }
}
