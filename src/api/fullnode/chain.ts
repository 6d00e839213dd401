import { channel, defineContract, method } from '../contract.js'
import { BlockHeader, BlockMessages, CidMessage, HeadChange, MessageReceipt, TipSet, TipSetKey } from './types/chain.js'
import { slice } from './types/named.js'
import { BigInteger, Bool, Bytes, ChainEpoch, Cid, Message } from './types/scalars.js'

/** Lotus's `Chain*` methods: reading the chain (api/api_full.go, v1.20). */
export const ChainContract = defineContract({
  ChainNotify: channel({
    name: 'Filecoin.ChainNotify',
    perm: 'read',
    summary: 'Streams head changes: first the current head, then apply/revert batches as the chain moves.',
    params: [],
    result: slice(HeadChange)
  }),
  ChainHead: method({
    name: 'Filecoin.ChainHead',
    perm: 'read',
    summary: 'Returns the current head of the chain.',
    params: [],
    result: TipSet
  }),
  ChainGetBlock: method({
    name: 'Filecoin.ChainGetBlock',
    perm: 'read',
    summary: 'Returns the block header with the given CID.',
    params: [Cid],
    result: BlockHeader
  }),
  ChainGetTipSet: method({
    name: 'Filecoin.ChainGetTipSet',
    perm: 'read',
    summary: 'Returns the tipset with the given key.',
    params: [TipSetKey],
    result: TipSet
  }),
  ChainGetBlockMessages: method({
    name: 'Filecoin.ChainGetBlockMessages',
    perm: 'read',
    summary: 'Returns the BLS and secp messages a block includes.',
    params: [Cid],
    result: BlockMessages
  }),
  ChainGetParentReceipts: method({
    name: 'Filecoin.ChainGetParentReceipts',
    perm: 'read',
    summary: "Returns the receipts of the messages in a block's parent tipset, in execution order.",
    params: [Cid],
    result: slice(MessageReceipt)
  }),
  ChainGetParentMessages: method({
    name: 'Filecoin.ChainGetParentMessages',
    perm: 'read',
    summary: "Returns the messages in a block's parent tipset, in execution order.",
    params: [Cid],
    result: slice(CidMessage)
  }),
  ChainGetMessagesInTipset: method({
    name: 'Filecoin.ChainGetMessagesInTipset',
    perm: 'read',
    summary: 'Returns the messages of a tipset, deduplicated, in execution order.',
    params: [TipSetKey],
    result: slice(CidMessage)
  }),
  ChainGetTipSetByHeight: method({
    name: 'Filecoin.ChainGetTipSetByHeight',
    perm: 'read',
    summary: 'Returns the tipset at a height on the chain of the given tipset (head if empty); the one before a null round.',
    params: [ChainEpoch, TipSetKey],
    result: TipSet
  }),
  ChainGetTipSetAfterHeight: method({
    name: 'Filecoin.ChainGetTipSetAfterHeight',
    perm: 'read',
    summary: 'Like ChainGetTipSetByHeight, but returns the tipset after a null round.',
    params: [ChainEpoch, TipSetKey],
    result: TipSet
  }),
  ChainReadObj: method({
    name: 'Filecoin.ChainReadObj',
    perm: 'read',
    summary: 'Returns the raw bytes of the IPLD block with the given CID from the chain blockstore.',
    params: [Cid],
    result: Bytes
  }),
  ChainHasObj: method({
    name: 'Filecoin.ChainHasObj',
    perm: 'read',
    summary: 'Says whether the chain blockstore holds the block with the given CID.',
    params: [Cid],
    result: Bool
  }),
  ChainGetGenesis: method({
    name: 'Filecoin.ChainGetGenesis',
    perm: 'read',
    summary: 'Returns the genesis tipset.',
    params: [],
    result: TipSet
  }),
  ChainTipSetWeight: method({
    name: 'Filecoin.ChainTipSetWeight',
    perm: 'read',
    summary: 'Computes the weight of a tipset.',
    params: [TipSetKey],
    result: BigInteger
  }),
  ChainGetMessage: method({
    name: 'Filecoin.ChainGetMessage',
    perm: 'read',
    summary: 'Returns the message with the given CID (the unsigned message of a signed one).',
    params: [Cid],
    result: Message
  })
})
