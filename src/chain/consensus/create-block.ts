import type { Address } from '../../core/address/index.js'
import { blsAggregate, SigType, type Signature } from '../../core/crypto/index.js'
import { InvalidInputError } from '../../core/errors.js'
import { messageCid, signedMessageCid, type Message, type SignedMessage } from '../../core/message/index.js'
import { blockHeaderSigningBytes, type BlockHeader, type BlockMsg } from '../types/index.js'
import { computeBaseFee } from './base-fee.js'
import type { ConsensusDeps, ResolvedConsensusOptions } from './context.js'
import { lookbackForRound, minerWorkerKey } from './miner-state.js'
import type { BlockTemplate } from './types.js'

/** Signs with a wallet key (Lotus `WalletSign`); the wallet holds the miner's worker key. */
export interface BlockSigner {
  walletSign: (addr: Address, data: Uint8Array) => Signature | Promise<Signature>
}

export interface CreateBlockDeps extends ConsensusDeps {
  signer: BlockSigner
  /** Stores the block's messages and its MsgMeta; returns the MsgMeta CID. */
  putBlockMessages: (bls: readonly Message[], secpk: readonly SignedMessage[]) => Promise<BlockHeader['Messages']>
}

/**
 * Assembles and signs a block from a miner's template (Lotus `FilecoinEC.CreateBlock` behind
 * `MinerCreateBlock`): the parent's execution results, weight and next base fee, the messages
 * stored with their MsgMeta, BLS signatures aggregated, and the header signed by the worker key
 * at the lookback state. Returns the BlockMsg the miner submits.
 */
export async function createBlock (deps: CreateBlockDeps, opts: ResolvedConsensusOptions, bt: BlockTemplate): Promise<BlockMsg> {
  const pts = await deps.chain.loadTipSet(bt.Parents)
  const exec = await deps.execute(pts)
  const lookback = await lookbackForRound(deps, opts, pts, bt.Epoch)
  const worker = await minerWorkerKey(deps, lookback.stateRoot, bt.Miner)
  if (worker === undefined) {
    throw new InvalidInputError('ERR_NO_MINER', `failed to get miner worker: no miner actor ${bt.Miner.toString()} at the lookback state`, { value: bt.Miner, source: 'BlockTemplate.Miner' })
  }

  const bls: Message[] = []
  const blsSigs: Uint8Array[] = []
  const secpk: SignedMessage[] = []
  for (const m of bt.Messages) {
    if (m.Signature.type === SigType.BLS) {
      bls.push(m.Message)
      blsSigs.push(m.Signature.data)
    } else if (m.Signature.type === SigType.Secp256k1) {
      secpk.push(m)
    } else {
      throw new InvalidInputError('ERR_SIG_TYPE', `unknown sig type: ${m.Signature.type}`, { value: m.Signature.type, source: 'BlockTemplate.Messages' })
    }
  }

  const header: BlockHeader = {
    Miner: bt.Miner,
    Ticket: bt.Ticket,
    ElectionProof: bt.Eproof,
    BeaconEntries: bt.BeaconValues,
    WinPoStProof: bt.WinningPoStProof,
    Parents: [...bt.Parents.cids],
    ParentWeight: await deps.chain.weight(pts),
    Height: bt.Epoch,
    ParentStateRoot: exec.stateRoot,
    ParentMessageReceipts: exec.receiptsRoot,
    Messages: await deps.putBlockMessages(bls, secpk),
    BLSAggregate: { type: SigType.BLS, data: blsAggregate(blsSigs, 'BLS messages') },
    Timestamp: bt.Timestamp,
    BlockSig: null,
    ForkSignaling: 0,
    ParentBaseFee: await computeBaseFee(deps.chain, pts)
  }
  header.BlockSig = await deps.signer.walletSign(worker, blockHeaderSigningBytes(header))
  return { Header: header, BlsMessages: bls.map((m) => messageCid(m)), SecpkMessages: secpk.map((m) => signedMessageCid(m)) }
}
