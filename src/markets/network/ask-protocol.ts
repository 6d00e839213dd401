/**
 * `/fil/storage/ask/1.1.0`: a client sends `AskRequest{Miner}`, the provider answers with its
 * signed ask, or `{"Ask": null}` when the miner asked about is not the one it serves. Deadlines
 * as Boost's `net.go`: 10 s to read the request and to write the answer, 60 s for a client to
 * read it.
 */
import type { Connection, Stream } from '@libp2p/interface'
import type { Address } from '../../core/address/index.js'
import { decodeCbor, encodeCbor } from '../../core/cbor/index.js'
import type { Logger } from '../../log/index.js'
import { type SignedStorageAsk, askRequestCbor, askResponseCbor } from '../../protocols/ask.js'
import { readCborMessage, writeCborMessage } from '../../protocols/cbor-framing.js'


const PROVIDER_READ_MS = 10_000
const PROVIDER_WRITE_MS = 10_000
const MAX_MESSAGE = 64 * 1024

export interface AskSource {
  readonly miner: Address
  get: () => SignedStorageAsk | undefined
}

/** The provider's stream handler. Undecodable requests are logged and the stream closed unanswered, as Boost does. */
export function askStreamHandler (asks: AskSource, log: Logger): (stream: Stream, connection: Connection) => Promise<void> {
  return async (stream, connection) => {
    const peer = connection.remotePeer.toString()
    try {
      const req = decodeCbor(askRequestCbor, await readCborMessage(stream, { maxBytes: MAX_MESSAGE, timeoutMs: PROVIDER_READ_MS, what: `AskRequest from ${peer}` }), `AskRequest from ${peer}`)
      let ask = asks.get() ?? null
      if (!req.Miner.equals(asks.miner)) {
        log.warn({ peer, miner: req.Miner.toString(), serving: asks.miner.toString() }, 'storage ask requested for a miner this node does not serve')
        ask = null
      }
      await withDeadline(writeCborMessage(stream, encodeCbor(askResponseCbor, { Ask: ask })), stream, PROVIDER_WRITE_MS)
      await stream.close()
    } catch (err) {
      log.warn({ peer, err: (err as Error).message }, 'storage ask request failed')
      stream.abort(err as Error)
    }
  }
}

async function withDeadline (work: Promise<void>, stream: Stream, ms: number): Promise<void> {
  const timer = setTimeout(() => { stream.abort(new Error(`write deadline of ${ms} ms passed`)) }, ms)
  try {
    await work
  } finally {
    clearTimeout(timer)
  }
}
