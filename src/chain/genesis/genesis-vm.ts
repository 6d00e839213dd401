/**
 * Calling actor methods while genesis is built (Lotus `doExecValue`): an implicit message at
 * epoch 0 from any actor, with no gas payment and no signature, on the genesis state tree.
 * A failure becomes an error naming the step, the method and the exit code.
 */
import type { Address } from '../../core/address/index.js'
import { encodeCbor, type CborCodec } from '../../core/cbor/index.js'
import type { ChainEpoch, MethodNum, TokenAmount } from '../../core/types.js'
import type { StateTree } from '../state/index.js'
import type { NetworkPolicy } from '../actors/policy.js'
import { devProofVerifier } from '../actors/builtin/miner/index.js'
import { applyImplicitMessage, ExitCode, exitCodeName, type ActorRegistry, type VmContext } from '../vm/index.js'
import { GenesisInputError } from './errors.js'

/** Enough gas for any genesis call (Lotus uses 1e12 for implicit messages too). */
const GENESIS_GAS_LIMIT = 1_000_000_000_000n

export interface GenesisVm {
  /** Sends `params` to `to` as `from`, with `value`; returns the return bytes. `step` names the call in errors. */
  exec: <P>(step: string, from: Address, to: Address, value: TokenAmount, methodNum: number, codec: CborCodec<P> | null, params: P | null) => Promise<Uint8Array>
}

export function genesisVm (tree: StateTree, registry: ActorRegistry, networkVersion: number, source: string, policy?: NetworkPolicy): GenesisVm {
  // The genesis runs under the network's own policy, so miners get the proving periods and deadlines the chain uses.
  const vm: VmContext = { epoch: 0 as ChainEpoch, networkVersion, baseFee: 0n as TokenAmount, registry, policy, proofs: devProofVerifier() }
  return {
    exec: async (step, from, to, value, methodNum, codec, params) => {
      const ret = await applyImplicitMessage(tree, {
        Version: 0,
        To: to,
        From: from,
        Nonce: 0n,
        Value: value,
        GasLimit: GENESIS_GAS_LIMIT,
        GasFeeCap: 0n as TokenAmount,
        GasPremium: 0n as TokenAmount,
        Method: BigInt(methodNum) as MethodNum,
        Params: codec === null || params === null ? new Uint8Array(0) : encodeCbor(codec, params)
      }, vm)
      if (ret.receipt.ExitCode !== ExitCode.Ok) {
        throw new GenesisInputError(`${step} failed: method ${methodNum} on ${to.toString()} exited ${exitCodeName(ret.receipt.ExitCode)}${ret.error !== null ? ` (${ret.error})` : ''}`,
          { source })
      }
      return ret.receipt.Return
    }
  }
}
