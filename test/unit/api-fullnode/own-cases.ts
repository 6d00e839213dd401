// Cases where Lotus's generated example cannot be used as is, each with the reason. Lotus's
// docgen prints an empty TipSet (`{"Cids": null, "Blocks": null, "Height": 0}`), which is no
// tipset at all, and placeholder strings where we accept only real values.
import { blockHeaderJson, TipSet, tipSetJson } from '../../../src/chain/types/index.js'
import { lotusExample } from './examples.js'

export interface Case {
  /** Positional params as Lotus JSON. */
  params: unknown[]
  /** The result as Lotus JSON (one element of the stream for channel methods). */
  result: unknown
  /** Where the JSON comes from. */
  source: string
}

/** A one-block tipset made from Lotus's ChainGetBlock example header. */
const header = blockHeaderJson.fromJson(lotusExample('v1', 'ChainGetBlock').result, 'ChainGetBlock example')
const tipSet = tipSetJson.toJson(TipSet.create([header], 'ChainGetBlock example'))
const tipSetKey = (tipSet as { Cids: unknown[] }).Cids

const fromTipSet = 'tipset built from the lotus v1.20.0 ChainGetBlock example header (docgen prints an empty tipset)'
/** Go prints time.Time to the nanosecond without trailing zeros; the shared lj.time always writes milliseconds. */
const time = '2023-02-01T10:20:30.123Z'

export const ownCases = {
  LogAlerts: {
    params: [],
    result: [{
      Type: { System: 'string value', Subsystem: 'string value' },
      Active: true,
      LastActive: { Type: 'string value', Message: 'json raw message', Time: time },
      LastResolved: null
    }],
    source: 'lotus v1.20.0 docs example with a millisecond time and no LastResolved'
  },
  StartTime: { params: [], result: time, source: 'a time with milliseconds (lj.time cannot print whole seconds as Go does)' },
  ChainNotify: { params: [], result: [{ Type: 'current', Val: tipSet }], source: fromTipSet },
  ChainHead: { params: [], result: tipSet, source: fromTipSet },
  ChainGetGenesis: { params: [], result: tipSet, source: fromTipSet },
  ChainGetTipSet: { params: [tipSetKey], result: tipSet, source: fromTipSet },
  ChainGetTipSetByHeight: { params: [10101, tipSetKey], result: tipSet, source: fromTipSet },
  ChainGetTipSetAfterHeight: { params: [10101, []], result: tipSet, source: `${fromTipSet}; [] key means head` },
  StateGetActor: {
    params: lotusExample('v1', 'StateGetActor').params,
    result: {
      Code: { '/': 'bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4' },
      Head: { '/': 'bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4' },
      Nonce: 42,
      Balance: '0',
      DelegatedAddress: null
    },
    source: 'lotus v1.20.0 docs example with DelegatedAddress (Lotus v1.29+ name) for v1.20\'s Address: "<empty>"'
  },
  StateMinerInfo: {
    params: lotusExample('v1', 'StateMinerInfo').params,
    result: { ...(lotusExample('v1', 'StateMinerInfo').result as object), PendingOwnerAddress: null },
    source: 'lotus v1.20.0 docs example plus PendingOwnerAddress, which Lotus v1.21+ prints'
  },
  SyncState: {
    params: [],
    result: {
      ActiveSyncs: [{
        WorkerID: 42,
        Base: null,
        Target: tipSet,
        Stage: 1,
        Height: 10101,
        Start: '0001-01-01T00:00:00Z',
        End: '0001-01-01T00:00:00Z',
        Message: 'string value'
      }],
      VMApplied: 42
    },
    source: `lotus v1.20.0 docs example with Base null and Target a ${fromTipSet}`
  }
} satisfies Record<string, Case>
