/**
 * MpoolPushMessage, as Lotus node/impl/full/mpool.go: fill the gas fields, check the balance,
 * take the next nonce, sign with the wallet and push. One sender at a time (Lotus MpoolLocker),
 * so concurrent calls for a sender get consecutive, distinct nonces.
 */
import { Protocol, type Address } from '../../core/address/index.js'
import type { Message, SignedMessage } from '../../core/message/index.js'
import type { CID } from '../../core/cid.js'
import { MpoolPushMessageError } from './errors.js'
import type { MessageSendSpec } from './fees.js'
import { KeyedMutex } from './lock.js'
import type { MpoolStateView } from './types.js'

export interface PushMessageDeps {
  readonly mpool: {
    getNonce (addr: Address): Promise<bigint>
    push (smsg: SignedMessage): Promise<CID>
  }
  /** GasEstimateMessageGas: fills zero GasLimit / GasPremium / GasFeeCap and applies MaxFee. */
  readonly gas: {
    estimateMessageGas (msg: Message, spec?: MessageSendSpec): Promise<Message>
  }
  readonly signer: {
    walletSignMessage (addr: Address, msg: Message): SignedMessage | Promise<SignedMessage>
  }
  readonly state: MpoolStateView
}

export class MessagePusher {
  private readonly locks = new KeyedMutex()

  constructor (private readonly deps: PushMessageDeps) {}

  async pushMessage (msgIn: Message, spec?: MessageSendSpec): Promise<SignedMessage> {
    if (msgIn.Nonce !== 0n) {
      throw new MpoolPushMessageError(`MpoolPushMessage expects message nonce to be 0, was ${msgIn.Nonce}`)
    }
    let fromKey: Address
    try {
      fromKey = await this.deps.state.resolveKey(msgIn.From)
    } catch (err) {
      throw new MpoolPushMessageError(`getting key address: ${(err as Error).message}`, { cause: err })
    }
    return await this.locks.run(fromKey.toString(), async () => {
      let msg: Message
      try {
        msg = await this.deps.gas.estimateMessageGas({ ...msgIn }, spec)
      } catch (err) {
        throw new MpoolPushMessageError(`GasEstimateMessageGas error: ${(err as Error).message}`, { cause: err })
      }
      if (msg.GasPremium > msg.GasFeeCap) {
        throw new MpoolPushMessageError(`After estimation, GasPremium is greater than GasFeeCap (${msg.GasPremium} > ${msg.GasFeeCap})`)
      }
      if (msg.From.protocol === Protocol.ID) msg = { ...msg, From: fromKey }
      const balance = (await this.deps.state.getActor(msg.From))?.Balance ?? 0n
      const required = msg.Value + msg.GasFeeCap * msg.GasLimit
      if (balance < required) {
        throw new MpoolPushMessageError(`mpool push: not enough funds: ${balance} < ${required}`)
      }
      msg = { ...msg, Nonce: await this.deps.mpool.getNonce(msg.From) }
      const smsg = await this.deps.signer.walletSignMessage(msg.From, msg)
      await this.deps.mpool.push(smsg)
      return smsg
    })
  }
}
