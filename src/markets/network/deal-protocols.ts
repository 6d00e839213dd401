/**
 * `/fil/storage/mk/1.2.1` and `/1.2.0` (one handler, as Boost registers them) and
 * `/fil/storage/status/1.2.0`: one CBOR request in, one CBOR answer out, Boost's deadlines
 * (10 s to read, 10 s to write). A request that does not decode is logged and the stream closed
 * unanswered, as Boost does; every decodable proposal gets a `DealResponse`.
 */
import type { Connection, Stream } from '@libp2p/interface'
import { decodeCbor, encodeCbor } from '../../core/cbor/index.js'
import type { Logger } from '../../log/index.js'
import type { DealProvider } from '../deals/provider.js'
import { dealParamsCbor, dealResponseCbor, dealStatusRequestCbor, dealStatusResponseCbor } from '../../protocols/deals.js'
import { readCborMessage, writeCborMessage } from '../../protocols/cbor-framing.js'

const READ_MS = 10_000
const WRITE_MS = 10_000
const MAX_REQUEST = 1 << 20

type Handler = (stream: Stream, connection: Connection) => Promise<void>

export function dealProposalHandler (provider: Pick<DealProvider, 'propose'>, log: Logger): Handler {
  return async (stream, connection) => {
    const peer = connection.remotePeer.toString()
    await serve(stream, log, peer, 'DealParams', async (raw) => {
      const params = decodeCbor(dealParamsCbor, raw, `DealParams from ${peer}`)
      return encodeCbor(dealResponseCbor, await provider.propose(params, peer))
    })
  }
}

export function dealStatusHandler (provider: Pick<DealProvider, 'status'>, log: Logger): Handler {
  return async (stream, connection) => {
    const peer = connection.remotePeer.toString()
    await serve(stream, log, peer, 'DealStatusRequest', async (raw) => {
      const req = decodeCbor(dealStatusRequestCbor, raw, `DealStatusRequest from ${peer}`)
      return encodeCbor(dealStatusResponseCbor, await provider.status(req))
    })
  }
}

async function serve (stream: Stream, log: Logger, peer: string, what: string, answer: (raw: Uint8Array) => Promise<Uint8Array>): Promise<void> {
  try {
    const raw = await readCborMessage(stream, { maxBytes: MAX_REQUEST, timeoutMs: READ_MS, what: `${what} from ${peer}` })
    const reply = await answer(raw)
    const timer = setTimeout(() => { stream.abort(new Error(`write deadline of ${WRITE_MS} ms passed`)) }, WRITE_MS)
    try {
      await writeCborMessage(stream, reply)
      await stream.close()
    } finally {
      clearTimeout(timer)
    }
  } catch (err) {
    log.warn({ peer, err: (err as Error).message }, `${what} failed`)
    stream.abort(err as Error)
  }
}
