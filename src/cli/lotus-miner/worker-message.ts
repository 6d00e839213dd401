/** A message from the miner's worker key to the miner actor, pushed through the full node's wallet. */
import type { FullNodeApi } from '../../api/fullnode/index.js'
import type { Address } from '../../core/address/index.js'
import type { SignedMessage } from '../../core/message/index.js'
import { methodNum, type TokenAmount } from '../../core/types.js'
import { TipSetKey } from '../../chain/types/index.js'

export async function pushFromWorker (
  full: Pick<FullNodeApi, 'StateMinerInfo' | 'MpoolPushMessage'>,
  miner: Address, method: number, params: Uint8Array, gasLimit = 0n
): Promise<SignedMessage> {
  const mi = await full.StateMinerInfo(miner, TipSetKey.empty)
  return await full.MpoolPushMessage({
    Version: 0,
    To: miner,
    From: mi.Worker,
    Nonce: 0n,
    Value: 0n as TokenAmount,
    GasLimit: gasLimit,
    GasFeeCap: 0n as TokenAmount,
    GasPremium: 0n as TokenAmount,
    Method: methodNum(method),
    Params: params
  }, null)
}
