/**
 * The mining subsystem as a composition root runs it: the block producer and the Window PoSt
 * scheduler side by side, each following the chain on its own, started together and stopped
 * in reverse. Its dependencies are the full node slice, the prover, the sector files and the
 * config: there is no way to hand it a markets API.
 */
import type { Registry } from 'prom-client'
import type { FullNodeApi } from '../api/fullnode/index.js'
import type { Address } from '../core/address/index.js'
import type { TipSet } from '../chain/types/index.js'
import type { Logger } from '../log/index.js'
import type { Prover } from '../proofs/index.js'
import { BlockProducer, walletSigner, type BlockProducerChainApi, type BlockProducerOptions, type MiningStatus } from './block-producer.js'
import { blockProductionMetrics, windowPoStMetrics } from './metrics.js'
import type { SectorFileSource } from './sector-files.js'
import type { WindowPoStChainApi, WindowPoStConfig } from './wdpost/context.js'
import { WindowPoStScheduler, type WindowPoStOptions, type WindowStatus } from './wdpost/scheduler.js'
import type { DeadlineInfo } from './wdpost/deadlines.js'

export type MiningChainApi = BlockProducerChainApi & WindowPoStChainApi & Pick<FullNodeApi, 'WalletSign'>

export interface MiningSubsystemDeps {
  full: MiningChainApi
  prover: Pick<Prover, 'generateWinningPoSt' | 'generateWindowPoSt' | 'checkProvable'>
  sectors: SectorFileSource
  config: () => WindowPoStConfig
  log?: Logger
  /** The node's metrics registry (`/debug/metrics`). */
  registry?: Registry
}

export interface MiningSubsystemOptions {
  miner: Address
  blockDelayMs: number
  propagationDelayMs?: number
  producer?: Partial<Omit<BlockProducerOptions, 'miner' | 'blockDelayMs'>>
  windowPoSt?: Partial<Omit<WindowPoStOptions, 'miner'>>
}

export interface MiningSubsystemStatus {
  readonly blocks: MiningStatus
  readonly windowPoSt: { current: DeadlineInfo | undefined, windows: WindowStatus[] }
}

export class MiningSubsystem {
  readonly producer: BlockProducer
  readonly windowPoSt: WindowPoStScheduler

  constructor (deps: MiningSubsystemDeps, options: MiningSubsystemOptions) {
    const log = deps.log
    this.producer = new BlockProducer({
      chain: deps.full,
      sign: walletSigner(deps.full),
      prover: deps.prover,
      sectors: deps.sectors,
      log: log?.child({ part: 'blocks' }),
      metrics: blockProductionMetrics(deps.registry)
    }, { ...options.producer, miner: options.miner, blockDelayMs: options.blockDelayMs, propagationDelayMs: options.propagationDelayMs })
    this.windowPoSt = new WindowPoStScheduler({
      chain: deps.full,
      prover: deps.prover,
      sectors: deps.sectors,
      config: deps.config,
      log: log?.child({ part: 'wdpost' }),
      metrics: windowPoStMetrics(deps.registry)
    }, { ...options.windowPoSt, miner: options.miner })
  }

  async start (): Promise<void> {
    this.windowPoSt.start()
    await this.producer.start()
  }

  async stop (): Promise<void> {
    await this.producer.stop()
    await this.windowPoSt.stop()
  }

  /** The tipset block production builds on next (`MiningBase`). */
  miningBase (): TipSet | undefined {
    return this.producer.miningBase()
  }

  status (): MiningSubsystemStatus {
    return { blocks: this.producer.status(), windowPoSt: this.windowPoSt.status() }
  }
}
