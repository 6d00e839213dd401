// Test helpers that build block headers; shared by the chain-types and chain-store tests.
import { newIdAddress } from '../../../src/core/address/index.js'
import { cborCid, type CID } from '../../../src/core/cid.js'
import type { ChainEpoch, TokenAmount } from '../../../src/core/types.js'
import type { BlockHeader } from '../../../src/chain/types/index.js'

/** A CID that stands for some content in tests (blake2b-256 dag-cbor over the label). */
export function fakeCid (label: string): CID {
  return cborCid(new TextEncoder().encode(label))
}

/** A header with every field set; `over` replaces fields. */
export function makeHeader (over: Partial<BlockHeader> = {}): BlockHeader {
  return {
    Miner: newIdAddress(1000),
    Ticket: { VRFProof: new TextEncoder().encode('ticket') },
    ElectionProof: { WinCount: 1, VRFProof: new Uint8Array([1, 2, 3]) },
    BeaconEntries: [{ Round: 7, Data: new Uint8Array([9]) }],
    WinPoStProof: [{ PoStProof: 0, ProofBytes: new Uint8Array([7]) }],
    Parents: [fakeCid('genesis')],
    ParentWeight: 10n,
    Height: 1 as ChainEpoch,
    ParentStateRoot: fakeCid('state'),
    ParentMessageReceipts: fakeCid('receipts'),
    Messages: fakeCid('messages'),
    BLSAggregate: null,
    Timestamp: 1_700_000_000,
    BlockSig: { type: 2, data: new Uint8Array(96) },
    ForkSignaling: 0,
    ParentBaseFee: 100n as TokenAmount,
    ...over
  }
}
