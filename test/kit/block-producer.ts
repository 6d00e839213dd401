// A small, test-only block producer for one genesis miner, using only the full node's public
// API, as Lotus's miner loop does (miner/miner.go): at each epoch it takes the head,
// MinerGetBaseInfo, draws the ticket and the election VRF with the worker key (WalletSign on the
// node, which holds it after `lotus wallet import`), proves Winning PoSt over the pre-sealed
// sector files, picks the pending messages, MinerCreateBlock, SyncSubmitBlock. A lost election
// leaves a null round. It stands in for the mining subsystem until that lands.
import { join } from 'node:path'
import type { FullNodeApi } from '../../src/api/fullnode/index.js'
import { type Address, Protocol } from '../../src/core/address/index.js'
import type { SignedMessage } from '../../src/core/message/index.js'
import { registeredSealProof, SECTOR_FILE_FOLDERS, SectorFileType, sectorId, sectorName } from '../../src/core/sector/index.js'
import type { Signature } from '../../src/core/crypto/index.js'
import { actorId, type ChainEpoch } from '../../src/core/types.js'
import { generateWinningPoSt } from '../../src/proofs/index.js'
import { isRoundWinner, ticketRandomness, winningPoStRandomness } from '../../src/proofs/election.js'
import type { TipSet } from '../../src/chain/types/index.js'

export type ProducerApi = Pick<FullNodeApi,
  'ChainHead' | 'ChainGetGenesis' | 'MinerGetBaseInfo' | 'MinerCreateBlock' | 'SyncSubmitBlock' | 'WalletSign' | 'MpoolPending'>

export interface BlockProducerOptions {
  /** The genesis miner (t01000). */
  miner: Address
  /** The storage path `lotus-seed pre-seal --sector-dir` filled (~/.genesis-sectors). */
  sectorDir: string
  blockDelayMs: number
  /** Called with each outcome, for logs. */
  onBlock?: (epoch: number, outcome: 'mined' | 'lost' | 'not-eligible' | 'error', detail?: string) => void
  /** Most messages per block. Default 1000. */
  maxMessages?: number
}

export class BlockProducer {
  private running = false
  private loop: Promise<void> | undefined
  private timer: NodeJS.Timeout | undefined
  private wake: (() => void) | undefined
  private genesisTs = 0

  constructor (private readonly api: ProducerApi, private readonly opts: BlockProducerOptions) {}

  async start (): Promise<void> {
    if (this.running) return
    this.genesisTs = (await this.api.ChainGetGenesis()).minTimestamp
    this.running = true
    this.loop = this.run()
  }

  async stop (): Promise<void> {
    this.running = false
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.wake?.()
    await this.loop
  }

  /** Tries once for a block on the current head at the next epoch; returns the block's epoch if one was submitted. */
  async mineOnce (): Promise<number | undefined> {
    const base = await this.api.ChainHead()
    const round = Math.max(base.height + 1, this.epochAt(Date.now())) as ChainEpoch
    await this.sleep(this.epochStartMs(round) - Date.now())
    return await this.tryRound(base, round)
  }

  private async run (): Promise<void> {
    while (this.running) {
      try {
        await this.mineOnce()
      } catch (err) {
        this.opts.onBlock?.(-1, 'error', (err as Error).message)
        await this.sleep(this.opts.blockDelayMs)
      }
    }
  }

  private async tryRound (base: TipSet, round: ChainEpoch): Promise<number | undefined> {
    if (!this.running && this.loop !== undefined) return undefined
    const { miner } = this.opts
    const mbi = await this.api.MinerGetBaseInfo(miner, round, base.key)
    if (mbi === null || !mbi.EligibleForMining) {
      this.opts.onBlock?.(round, 'not-eligible')
      return undefined
    }
    const worker = mbi.WorkerKey
    const rbase = mbi.BeaconEntries.length > 0 ? mbi.BeaconEntries[mbi.BeaconEntries.length - 1]! : mbi.PrevBeaconEntry
    const sign = async (data: Uint8Array): Promise<Signature> => await this.api.WalletSign(worker, data)
    const ticketSig = await sign(ticketRandomness(rbase.Data, round, miner, base.minTicket.VRFProof))
    const win = await isRoundWinner({
      beaconData: rbase.Data, round, miner, signer: sign, minerPower: mbi.MinerPower, networkPower: mbi.NetworkPower
    })
    if (win === undefined) {
      this.opts.onBlock?.(round, 'lost')
      return undefined
    }
    const mid = actorId(miner.protocol === Protocol.ID ? miner.id() : 0n)
    const proofs = await generateWinningPoSt({
      miner: mid,
      randomness: winningPoStRandomness(rbase.Data, round, miner),
      sectors: mbi.Sectors.map((s) => {
        const name = sectorName(sectorId(mid, s.SectorNumber))
        return {
          sealProof: registeredSealProof(s.SealProof, 'MiningBaseInfo.Sectors'),
          sectorNumber: s.SectorNumber,
          sealedCid: s.SealedCID,
          sealedSectorPath: join(this.opts.sectorDir, SECTOR_FILE_FOLDERS[SectorFileType.Sealed], name),
          cacheDirPath: join(this.opts.sectorDir, SECTOR_FILE_FOLDERS[SectorFileType.Cache], name)
        }
      })
    })
    const messages = selectMessages(await this.api.MpoolPending(base.key), this.opts.maxMessages ?? 1000)
    const blk = await this.api.MinerCreateBlock({
      Miner: miner,
      Parents: base.key,
      Ticket: { VRFProof: ticketSig.data },
      Eproof: { WinCount: win.winCount, VRFProof: win.vrfProof },
      BeaconValues: mbi.BeaconEntries,
      Messages: messages,
      Epoch: round,
      Timestamp: Math.floor(this.epochStartMs(round) / 1000),
      WinningPoStProof: proofs.map((p) => ({ PoStProof: p.postProof, ProofBytes: p.proofBytes }))
    })
    await this.api.SyncSubmitBlock(blk)
    this.opts.onBlock?.(round, 'mined', `${messages.length} messages`)
    return round
  }

  private epochStartMs (epoch: number): number {
    return this.genesisTs * 1000 + epoch * this.opts.blockDelayMs
  }

  private epochAt (ms: number): number {
    const since = ms - this.genesisTs * 1000
    return since <= 0 ? 0 : Math.floor(since / this.opts.blockDelayMs)
  }

  private async sleep (ms: number): Promise<void> {
    if (ms <= 0) return
    await new Promise<void>((resolve) => {
      this.wake = resolve
      this.timer = setTimeout(resolve, ms)
    })
    this.wake = undefined
  }
}

/** Each sender's pending messages in nonce order, as one run from its lowest nonce, up to `max` in all. */
function selectMessages (pending: readonly SignedMessage[], max: number): SignedMessage[] {
  const bySender = new Map<string, SignedMessage[]>()
  for (const m of pending) {
    const k = m.Message.From.toString()
    bySender.set(k, [...(bySender.get(k) ?? []), m])
  }
  const out: SignedMessage[] = []
  for (const msgs of bySender.values()) {
    msgs.sort((a, b) => (a.Message.Nonce < b.Message.Nonce ? -1 : 1))
    for (let i = 0; i < msgs.length && out.length < max; i++) {
      if (i > 0 && msgs[i]!.Message.Nonce !== msgs[i - 1]!.Message.Nonce + 1n) break
      out.push(msgs[i]!)
    }
  }
  return out
}

// Run as a process (what `npm start` does until the mining subsystem lands):
//   node dist/test/kit/block-producer.js --api <TOKEN:MULTIADDR> --miner t01000 --sector-dir <dir> --block-delay-ms 4000
// Prints one line per epoch on stdout; stops on SIGINT or SIGTERM.
async function main (): Promise<void> {
  const { parseArgs } = await import('node:util')
  const { parseAddress } = await import('../../src/core/address/index.js')
  const { FullNodeContract } = await import('../../src/api/fullnode/index.js')
  const { createRpcClient } = await import('../../src/rpc/index.js')
  const { parseApiInfo, dialArgs } = await import('../../src/node/api-info.js')
  const { values } = parseArgs({
    options: { api: { type: 'string' }, miner: { type: 'string', default: 't01000' }, 'sector-dir': { type: 'string' }, 'block-delay-ms': { type: 'string' } }
  })
  if (values.api === undefined || values['sector-dir'] === undefined || values['block-delay-ms'] === undefined) {
    throw new Error('usage: block-producer --api <TOKEN:MULTIADDR> --miner <addr> --sector-dir <dir> --block-delay-ms <ms>')
  }
  const info = parseApiInfo(values.api)
  const url = dialArgs(info, 'v1').replace(/^ws:/, 'http:')
  const api = createRpcClient(FullNodeContract, { url, token: info.token })
  const producer = new BlockProducer(api, {
    miner: parseAddress(values.miner ?? 't01000', '--miner'),
    sectorDir: values['sector-dir'],
    blockDelayMs: Number(values['block-delay-ms']),
    onBlock: (epoch, outcome, detail) => {
      process.stdout.write(`block producer (test stand-in for the mining subsystem): epoch ${epoch}: ${outcome}${detail !== undefined ? ` (${detail})` : ''}\n`)
    }
  })
  await producer.start()
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await producer.stop()
  await api.close()
}

if (process.argv[1] !== undefined && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`block-producer: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  })
}
