/**
 * The message pool: MpoolPush, MpoolPushMessage, MpoolGetNonce, MpoolPending, MpoolClear and
 * block message selection, with Lotus's rules and error texts.
 *
 * @example
 * ```ts
 * const mpool = await MessagePool.open({ state, head, datastore: lockedRepo.metadata() })
 * const pusher = new MessagePusher({ mpool, gas: estimator, signer: wallet, state })
 * const smsg = await pusher.pushMessage(msg, { MaxFee: tokenAmount(10n ** 17n) })
 * const forBlock = await mpool.selectMessages(baseFee)
 * ```
 */
export * from './errors.js'
export * from './params.js'
export * from './types.js'
export { MessagePool, type MessagePoolDeps, type MessagePoolOptions } from './message-pool.js'
export { MessagePusher, type PushMessageDeps } from './push-message.js'
export { capGasFee, type MessageSendSpec } from './fees.js'
export { computeMinRBF } from './msg-set.js'
export { selectMessages, selectableRun, effectivePremium, type SenderChain, type SelectionParams } from './selection.js'
export { blockInclusionProblem } from './validate.js'
export { LocalMessagesPrefix } from './local-store.js'
export { chainHeadSource, toMpoolTipSet, type MpoolChainStore } from './chain-adapter.js'
