import { Protocol } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import { blsVerifyAggregate, SigType, verify } from '../../core/crypto/index.js'
import { BufferedBlockstore } from '../../core/ipld/index.js'
import {
  messageCid, serializeMessage, signedMessageChainLength, signedMessageCid, type Message, type SignedMessage
} from '../../core/message/index.js'
import { onChainMessage } from '../gas/index.js'
import { blockInclusionProblem } from '../mpool/index.js'
import { StateTree } from '../state/index.js'
import { computeMsgMeta, type FullBlock, type TipSet } from '../types/index.js'
import { sameCid, type ConsensusDeps, type ResolvedConsensusOptions } from './context.js'

/**
 * Why a block's messages are invalid, or undefined (Lotus `checkBlockMessages`): the BLS
 * aggregate over the BLS messages' CIDs by their senders' keys; per message, block inclusion
 * rules, the block gas limit, a sender that exists and is an account, consecutive nonces from
 * the sender's state after the parent tipset, a secp256k1 signature by the sender's key; and
 * the messages giving the header's MsgMeta. Balances are not checked here, as in Lotus: a
 * message its sender cannot pay for fails at execution and the miner pays the penalty.
 */
export async function blockMessagesProblem (
  deps: ConsensusDeps, opts: ResolvedConsensusOptions, block: FullBlock, base: TipSet
): Promise<string | undefined> {
  const h = block.Header
  if (block.BlsMessages.length + block.SecpkMessages.length > opts.blockMessageLimit) {
    return `block has too many messages (${block.BlsMessages.length + block.SecpkMessages.length} > ${opts.blockMessageLimit})`
  }
  const { stateRoot } = await deps.execute(base)
  const tree = await StateTree.load(deps.chain.blockstore, stateRoot)

  // BLS aggregate: each message CID signed by its sender's BLS key.
  const blsCids = block.BlsMessages.map((m) => messageCid(m))
  if (blsCids.length > 0) {
    const pubkeys: Uint8Array[] = []
    for (const m of block.BlsMessages) {
      let key
      try {
        key = await tree.resolveToKeyAddress(m.From)
      } catch (err) {
        return `failed to load bls public key of ${m.From.toString()}: ${(err as Error).message}`
      }
      if (key.protocol !== Protocol.BLS) return `failed to load bls public key: sender ${m.From.toString()} is not a BLS account`
      pubkeys.push(key.payload)
    }
    if (h.BLSAggregate === null || h.BLSAggregate.type !== SigType.BLS) return 'bls aggregate signature was invalid: block has no BLS aggregate'
    let ok: boolean
    try {
      ok = blsVerifyAggregate(h.BLSAggregate.data, blsCids.map((c) => c.bytes), pubkeys)
    } catch {
      ok = false
    }
    if (!ok) return 'bls aggregate signature was invalid: bls aggregate signature failed to verify'
  }

  const nonces = new Map<string, bigint>()
  let sumGasLimit = 0n
  const checkMsg = async (m: Message, chainLength: number): Promise<string | undefined> => {
    const problem = blockInclusionProblem(m, onChainMessage(chainLength).gas, opts.blockGasLimit)
    if (problem !== undefined) return `msg ${messageCid(m).toString()} invalid for block inclusion: ${problem}`
    sumGasLimit += m.GasLimit
    if (sumGasLimit > opts.blockGasLimit) return 'block gas limit exceeded'
    const sender = await tree.lookupId(m.From)
    if (sender === null) return `failed to lookup sender ${m.From.toString()}: actor not found`
    const key = sender.toString()
    if (!nonces.has(key)) {
      const act = await tree.getActor(sender)
      if (act === null) return `failed to get actor ${m.From.toString()}`
      if (!deps.isAccountActor(act.Code)) return 'Sender must be an account actor'
      nonces.set(key, act.Nonce)
    }
    const expected = nonces.get(key)!
    if (expected !== m.Nonce) return `wrong nonce (exp: ${expected}, got: ${m.Nonce})`
    nonces.set(key, expected + 1n)
    return undefined
  }

  for (let i = 0; i < block.BlsMessages.length; i++) {
    const m = block.BlsMessages[i]!
    const problem = await checkMsg(m, serializeMessage(m).length)
    if (problem !== undefined) return `block had invalid bls message at index ${i}: ${problem}`
  }
  const secpkCids: CID[] = []
  for (let i = 0; i < block.SecpkMessages.length; i++) {
    const sm = block.SecpkMessages[i]!
    if (sm.Signature.type !== SigType.Secp256k1) return `block had invalid signed message at index ${i}: signature type ${sm.Signature.type} is not secp256k1`
    const problem = await checkMsg(sm.Message, signedMessageChainLength(sm))
    if (problem !== undefined) return `block had invalid secpk message at index ${i}: ${problem}`
    const c = signedMessageCid(sm)
    secpkCids.push(c)
    const problemSig = await secpSignatureProblem(tree, sm, c)
    if (problemSig !== undefined) return problemSig
  }

  // The MsgMeta is built in a scratch overlay: the chain stores the block only once it is valid.
  const root = await computeMsgMeta(new BufferedBlockstore(deps.chain.blockstore), blsCids, secpkCids)
  if (!sameCid(root, h.Messages)) return `messages didn't match message root in header (${root.toString()} != ${h.Messages.toString()})`
  return undefined
}

async function secpSignatureProblem (tree: StateTree, sm: SignedMessage, c: CID): Promise<string | undefined> {
  let key
  try {
    key = await tree.resolveToKeyAddress(sm.Message.From)
  } catch (err) {
    return `failed to resolve key addr of ${sm.Message.From.toString()}: ${(err as Error).message}`
  }
  if (!verify(sm.Signature, key, messageCid(sm.Message).bytes)) return `secpk message ${c.toString()} has invalid signature`
  return undefined
}
