/**
 * What the Window PoSt scheduler is built from, named narrowly: a slice of the FullNode API,
 * the prover's PoSt and check methods, where sector files are, and the `[Proving]`,
 * `[Addresses]` and `[Fees]` config. Nothing here can name the markets subsystem or deal data.
 */
import type { FullNodeApi } from '../../api/fullnode/index.js'
import type { Address } from '../../core/address/index.js'
import { randomUUID } from 'node:crypto'
import type { Message } from '../../core/message/index.js'
import type { ActorId, MethodNum, TokenAmount } from '../../core/types.js'
import type { Logger } from '../../log/index.js'
import type { Prover } from '../../proofs/index.js'
import type { MinerConfig } from '../../repo/config/index.js'
import type { WindowPoStMetrics } from '../metrics.js'
import type { SectorFileSource } from '../sector-files.js'
import type { ProvingSettings } from './settings.js'

export type WindowPoStChainApi = Pick<FullNodeApi,
  | 'ChainNotify' | 'StateMinerProvingDeadline' | 'StateMinerPartitions' | 'StateMinerSectors' | 'StateMinerDeadlines'
  | 'StateMinerInfo' | 'StateGetRandomnessFromBeacon' | 'StateGetRandomnessFromTickets' | 'MpoolPushMessage' | 'StateWaitMsg'
  | 'StateLookupID' | 'StateAccountKey' | 'WalletBalance' | 'WalletHas'>

export type WindowPoStConfig = Pick<MinerConfig, 'Proving' | 'Addresses' | 'Fees'>

export interface WindowPoStDeps {
  chain: WindowPoStChainApi
  prover: Pick<Prover, 'generateWindowPoSt' | 'checkProvable'>
  sectors: SectorFileSource
  /** Read at every cycle. */
  config: () => WindowPoStConfig
  log?: Logger
  metrics?: WindowPoStMetrics
}

/** One proving or declaring cycle's view: deps plus the settings read at its start. */
export interface CycleContext {
  readonly deps: WindowPoStDeps
  readonly miner: Address
  readonly minerId: ActorId
  readonly settings: ProvingSettings
  readonly config: WindowPoStConfig
  readonly log: Logger | undefined
  readonly metrics: WindowPoStMetrics
  readonly signal: AbortSignal
  /** Epochs StateWaitMsg waits past inclusion. */
  readonly messageConfidence: number
}

/** Miner actor methods the scheduler sends (builtin-actors numbering). */
export const PoStMethod = {
  SubmitWindowedPoSt: 5n as MethodNum,
  DeclareFaults: 10n as MethodNum,
  DeclareFaultsRecovered: 11n as MethodNum
} as const

/** An unsigned message to the miner actor; the node fills nonce and gas (MpoolPushMessage). */
export function minerMessage (from: Address, to: Address, method: MethodNum, params: Uint8Array): Message {
  return {
    Version: 0,
    To: to,
    From: from,
    Nonce: 0n,
    Value: 0n as TokenAmount,
    GasLimit: 0n,
    GasFeeCap: 0n as TokenAmount,
    GasPremium: 0n as TokenAmount,
    Method: method,
    Params: params
  }
}

/** A fresh MsgUuid, so the node can tell a retried push from a new message. */
export function messageUuid (): string {
  return randomUUID()
}
