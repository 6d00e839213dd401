/** What gas estimation needs from the node, narrowly, so tests pass fakes. */
import type { Address } from '../../core/address/index.js'
import type { Message, SignedMessage } from '../../core/message/index.js'

/** A tipset as estimation sees it. */
export interface GasTipSet {
  readonly key: string
  readonly parents: string
  readonly height: number
  /** Base fee this tipset's messages pay (its blocks' ParentBaseFee). */
  readonly parentBaseFee: bigint
  readonly blockCount: number
  /** Messages its blocks include, each once (Lotus MessagesForTipset). */
  readonly messages: ReadonlyArray<Pick<Message, 'GasPremium' | 'GasLimit'>>
}

export interface GasChainView {
  head (): GasTipSet | Promise<GasTipSet>
  loadTipSet (key: string): GasTipSet | Promise<GasTipSet>
}

/** Outcome of a dry run (Lotus InvocResult: MsgRct.ExitCode, MsgRct.GasUsed, Error). */
export interface GasCallResult {
  readonly ExitCode: number
  readonly GasUsed: bigint
  readonly Error?: string
}

/**
 * Runs a message on the head state without keeping the result (Lotus StateManager.CallWithGas):
 * applies `prior` (the sender's pending messages) first, sets the message's Nonce to the
 * sender's nonce after them, charges gas as a block would.
 */
export interface MessageExecutor {
  callWithGas (msg: Message, prior: readonly SignedMessage[]): Promise<GasCallResult>
}

export interface GasEstimateDeps {
  readonly chain: GasChainView
  readonly executor: MessageExecutor
  readonly mpool: { pendingFor (addr: Address): Promise<SignedMessage[]> }
  readonly state: { resolveKey (addr: Address): Address | Promise<Address> }
}
