import { defineContract, method } from '../contract.js'
import { MessageSendSpec } from './types/api.js'
import { TipSetKey } from './types/chain.js'
import { ptr, slice } from './types/named.js'
import { Address, Cid, Int64, Message, SignedMessage, TokenAmount, Uint64 } from './types/scalars.js'

/** Lotus's `Mpool*` methods: the message pool (api/api_full.go, v1.20). */
export const MpoolContract = defineContract({
  MpoolPending: method({
    name: 'Filecoin.MpoolPending',
    perm: 'read',
    summary: 'Returns the pending messages that could go on top of the given tipset (head if empty).',
    params: [TipSetKey],
    result: slice(SignedMessage)
  }),
  MpoolPush: method({
    name: 'Filecoin.MpoolPush',
    perm: 'write',
    summary: 'Adds a signed message to the pool and returns its CID.',
    params: [SignedMessage],
    result: Cid
  }),
  MpoolPushMessage: method({
    name: 'Filecoin.MpoolPushMessage',
    perm: 'sign',
    summary: "Assigns a nonce, estimates gas if unset, signs with the sender's key and pushes a message.",
    params: [Message, ptr(MessageSendSpec)],
    result: SignedMessage
  }),
  MpoolGetNonce: method({
    name: 'Filecoin.MpoolGetNonce',
    perm: 'read',
    summary: 'Returns the next nonce for an address, counting its pending messages.',
    params: [Address],
    result: Uint64
  })
})

/** Lotus's `GasEstimate*` methods (api/api_full.go, v1.20). */
export const GasContract = defineContract({
  GasEstimateFeeCap: method({
    name: 'Filecoin.GasEstimateFeeCap',
    perm: 'read',
    summary: 'Estimates a gas fee cap for a message to be included within the given number of blocks.',
    params: [Message, Int64, TipSetKey],
    result: TokenAmount
  }),
  GasEstimateGasLimit: method({
    name: 'Filecoin.GasEstimateGasLimit',
    perm: 'read',
    summary: 'Estimates the gas a message uses by executing it on top of a tipset.',
    params: [Message, TipSetKey],
    result: Int64
  }),
  GasEstimateGasPremium: method({
    name: 'Filecoin.GasEstimateGasPremium',
    perm: 'read',
    summary: 'Estimates a gas premium for inclusion within the given number of blocks.',
    params: [Uint64, Address, Int64, TipSetKey],
    result: TokenAmount
  }),
  GasEstimateMessageGas: method({
    name: 'Filecoin.GasEstimateMessageGas',
    perm: 'read',
    summary: "Fills in a message's unset gas limit, fee cap and premium.",
    params: [Message, ptr(MessageSendSpec), TipSetKey],
    result: Message
  })
})
