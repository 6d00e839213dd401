/**
 * Messages pushed through this node, kept in the metadata datastore under
 * `/mpool/local/<signed message CID>` (Lotus localMsgsDs) as signed-message CBOR, so they
 * survive a daemon restart. Lotus keys by the CID's raw bytes; a datastore key here must be a
 * clean path, so the CID's string form is used instead.
 */
import { decodeSignedMessage, serializeSignedMessage, signedMessageCid, type SignedMessage } from '../../core/message/index.js'
import type { MpoolDatastore, MpoolLog } from './types.js'

export const LocalMessagesPrefix = '/mpool/local'

export class LocalMessageStore {
  constructor (private readonly ds: MpoolDatastore, private readonly log: MpoolLog | undefined) {}

  put (smsg: SignedMessage): void {
    this.ds.put(keyOf(smsg), serializeSignedMessage(smsg))
  }

  delete (smsg: SignedMessage): void {
    this.ds.delete(keyOf(smsg))
  }

  /** Every stored message; undecodable records are reported and removed. */
  loadAll (): SignedMessage[] {
    const out: SignedMessage[] = []
    const bad: string[] = []
    for (const { key, value } of this.ds.query({ prefix: LocalMessagesPrefix })) {
      try {
        out.push(decodeSignedMessage(value, key))
      } catch (err) {
        this.log?.warn({ key, err: (err as Error).message }, 'dropping undecodable local message')
        bad.push(key)
      }
    }
    for (const key of bad) this.ds.delete(key)
    return out
  }
}

function keyOf (smsg: SignedMessage): string {
  return `${LocalMessagesPrefix}/${signedMessageCid(smsg).toString()}`
}
