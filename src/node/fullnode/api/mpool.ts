/**
 * Mpool* and GasEstimate* methods (Lotus `node/impl/full/mpool.go`, `gas.go`): pushing signed
 * messages, MpoolPushMessage (estimate, sign with the wallet, push), nonces, pending messages
 * and gas estimation. A pushed message is also stored in the chain blockstore, as Lotus's pool
 * does, so ChainGetMessage and ChainReadObj find it before it is mined.
 */
import type { Address } from '../../../core/address/index.js'
import type { CID } from '../../../core/cid.js'
import type { Message, SignedMessage } from '../../../core/message/index.js'
import type { TokenAmount } from '../../../core/types.js'
import type { GasEstimator } from '../../../chain/gas-estimate/index.js'
import type { MessagePool, MessagePusher, MessageSendSpec } from '../../../chain/mpool/index.js'
import type { TipSetKey } from '../../../chain/types/index.js'
import type { NodeChain } from '../node-chain.js'

export interface MpoolApiDeps {
  chain: NodeChain
  mpool: MessagePool
  pusher: MessagePusher
  gas: GasEstimator
}

export function mpoolApi (deps: MpoolApiDeps) {
  const { mpool, gas } = deps
  return {
    MpoolPush: async (smsg: SignedMessage): Promise<CID> => {
      const cid = await mpool.push(smsg)
      await deps.chain.store.putMessage(smsg)
      return cid
    },

    MpoolPushMessage: async (msg: Message, spec: MessageSendSpec | null): Promise<SignedMessage> => {
      const smsg = await deps.pusher.pushMessage(msg, spec ?? undefined)
      await deps.chain.store.putMessage(smsg)
      return smsg
    },

    MpoolGetNonce: async (addr: Address): Promise<number> => Number(await mpool.getNonce(addr)),

    MpoolPending: async (tsk: TipSetKey): Promise<SignedMessage[]> => {
      const ts = await deps.chain.tipset(tsk)
      return await mpool.pendingAt(ts.key.id)
    },

    MpoolClear: async (local: boolean): Promise<void> => { await mpool.clear(local) },

    GasEstimateMessageGas: async (msg: Message, spec: MessageSendSpec | null, _tsk: TipSetKey): Promise<Message> =>
      await gas.estimateMessageGas(msg, spec ?? undefined),

    GasEstimateGasLimit: async (msg: Message, _tsk: TipSetKey): Promise<number> => Number(await gas.estimateGasLimit(msg)),

    GasEstimateGasPremium: async (nblocksincl: number, _sender: Address, _gasLimit: number, _tsk: TipSetKey): Promise<TokenAmount> =>
      (await gas.estimateGasPremium(nblocksincl)) as TokenAmount,

    GasEstimateFeeCap: async (msg: Message, maxqueueblks: number, _tsk: TipSetKey): Promise<TokenAmount> =>
      (await gas.estimateFeeCap(msg, maxqueueblks)) as TokenAmount
  }
}
