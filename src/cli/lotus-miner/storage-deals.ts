/**
 * `lotus-miner storage-deals` (Lotus `cmd/lotus-miner/market.go`), routed to the markets node:
 * `set-ask` (prices in FIL per GiB per epoch, piece sizes checked against the miner's sector
 * size, which the mining node reports) and `get-ask` with Lotus's table.
 */
import { resolve } from 'node:path'
import { Command, Option } from 'commander'
import { parseCid } from '../../core/cid.js'
import { InvalidInputError } from '../../core/errors.js'
import { formatFil, parseFil } from '../../core/token/fil.js'
import type { ChainEpoch } from '../../core/types.js'
import type { PaddedPieceSize } from '../../core/piece/index.js'
import { TabWriter } from '../tabwriter.js'
import { sizeStr } from '../lotus/go-fmt.js'
import { withFullNode } from '../lotus/full-api.js'
import { parseByteSize } from '../lotus-seed/flags.js'
import { routeTo } from '../routing.js'
import { actorAddress, print, withMiner } from './miner-api.js'
import { withMarkets } from './markets-api.js'

interface SetAskFlags { price?: string, verifiedPrice?: string, minPieceSize: string, maxPieceSize: string }

/** Lotus asks are good for 720h, counted in this network's epochs. */
const ASK_DURATION_SECS = 720 * 3600

export function storageDealsCommand (): Command {
  const deals = routeTo(new Command('storage-deals'), 'markets').description('Manage storage deals and related configuration')
  deals.command('set-ask')
    .description("Configure the miner's ask")
    .option('--price <PRICE>', 'Set the price of the ask for unverified deals (specified as FIL / GiB / Epoch) to `PRICE`.')
    .option('--verified-price <PRICE>', 'Set the price of the ask for verified deals (specified as FIL / GiB / Epoch) to `PRICE`')
    .addOption(new Option('--min-piece-size <SIZE>', 'Set minimum piece size (w/bit-padding, in bytes) in ask to `SIZE`').default('256B'))
    .addOption(new Option('--max-piece-size <SIZE>', 'Set maximum piece size (w/bit-padding, in bytes) in ask to `SIZE`').default('0', 'miner sector size'))
    .action(async (flags: SetAskFlags, cmd: Command) => { await setAsk(flags, cmd) })
  deals.command('get-ask')
    .description('Print the miner\'s ask')
    .action(async (_o: unknown, cmd: Command) => { await getAsk(cmd) })
  deals.command('list')
    .description('List all deals for this miner')
    .option('-v, --verbose', 'show the deal UUID, creation time and sector')
    .action(async (flags: { verbose?: boolean }, cmd: Command) => { await listDeals(flags.verbose === true, cmd) })
  deals.command('import-data')
    .description('Manually import data for a deal')
    .argument('[proposal CID]')
    .argument('[file]')
    .action(async (prop: string | undefined, file: string | undefined, _o: unknown, cmd: Command) => { await importData(prop, file, cmd) })
  return deals
}

async function listDeals (verbose: boolean, cmd: Command): Promise<void> {
  await withMarkets(cmd, async (markets) => {
    const tw = new TabWriter()
    tw.line(...(verbose ? ['Creation', 'DealUUID'] : []), 'ProposalCid', 'DealId', 'State', 'Client', 'Size', 'Price', 'Duration', ...(verbose ? ['Sector'] : []), 'Message')
    for (const d of await markets.MarketListProviderDeals()) {
      const duration = d.EndEpoch - d.StartEpoch
      tw.line(...(verbose ? [d.CreatedAt, d.DealUUID] : []), d.SignedProposalCid.toString(), d.ChainDealID, d.Checkpoint, d.Client.toString(),
        sizeStr(BigInt(d.PieceSize)), formatFil(d.StoragePricePerEpoch * BigInt(duration)), duration, ...(verbose ? [d.Checkpoint === 'AddedPiece' ? d.SectorNumber : '-'] : []), d.Error)
    }
    print(cmd, tw.flush())
  })
}

async function importData (prop: string | undefined, file: string | undefined, cmd: Command): Promise<void> {
  if (prop === undefined || file === undefined) throw new InvalidInputError('ERR_ARGS', 'must specify proposal CID and file path', { source: 'arguments' })
  const proposal = parseCid(prop, 'proposal CID')
  // The markets node opens the file itself: give it a path that does not depend on its working folder.
  await withMarkets(cmd, async (markets) => { await markets.MarketImportDealData(proposal, resolve(file)) })
}

async function setAsk (flags: SetAskFlags, cmd: Command): Promise<void> {
  if (flags.price === undefined) throw new InvalidInputError('ERR_ARGS', 'Required flag "price" not set', { source: '--price' })
  if (flags.verifiedPrice === undefined) throw new InvalidInputError('ERR_ARGS', 'Required flag "verified-price" not set', { source: '--verified-price' })
  const price = parseFil(flags.price, '--price')
  const verifiedPrice = parseFil(flags.verifiedPrice, '--verified-price')
  const min = parseByteSize(flags.minPieceSize, '--min-piece-size')
  if (min < 256) throw new InvalidInputError('ERR_ARGS', 'minimum piece size (w/bit-padding) is 256B', { value: flags.minPieceSize, source: '--min-piece-size' })
  let max = parseByteSize(flags.maxPieceSize, '--max-piece-size')
  const sectorSize = await withMiner(cmd, async (miner) => await miner.ActorSectorSize(await actorAddress(cmd, miner)))
  if (max === 0) max = sectorSize
  if (max > sectorSize) {
    throw new InvalidInputError('ERR_ARGS', `max piece size (w/bit-padding) ${sizeStr(BigInt(max))} cannot exceed miner sector size ${sizeStr(BigInt(sectorSize))}`, { value: flags.maxPieceSize, source: '--max-piece-size' })
  }
  await withMarkets(cmd, async (markets) => {
    const blockDelay = Math.max(1, (await markets.Version()).BlockDelay)
    const duration = Math.floor(ASK_DURATION_SECS / blockDelay) as ChainEpoch
    await markets.MarketSetAsk(price, verifiedPrice, duration, min as PaddedPieceSize, max as PaddedPieceSize)
  })
}

async function getAsk (cmd: Command): Promise<void> {
  await withMarkets(cmd, async (markets) => {
    const tw = new TabWriter().line('Price per GiB/Epoch', 'Verified', 'Min. Piece Size (padded)', 'Max. Piece Size (padded)', 'Expiry (Epoch)', 'Expiry (Appx. Rem. Time)', 'Seq. No.')
    const signed = await markets.MarketGetAsk()
    if (signed === null) {
      print(cmd, tw.write('<miner does not have an ask>\n').flush())
      return
    }
    const ask = signed.Ask
    const blockDelay = (await markets.Version()).BlockDelay
    const head = await withFullNode(cmd, async (full) => await full.ChainHead())
    const left = ask.Expiry - head.height
    const rem = left > 0 ? goDuration(left * blockDelay) : '<expired>'
    tw.line(formatFil(ask.Price), formatFil(ask.VerifiedPrice), sizeStr(BigInt(ask.MinPieceSize)), sizeStr(BigInt(ask.MaxPieceSize)), ask.Expiry, rem, ask.SeqNo)
    print(cmd, tw.flush())
  })
}

/** Go's `time.Duration.String()` for whole seconds: `720h0m0s`, `1m30s`, `5s`. */
export function goDuration (secs: number): string {
  const h = Math.floor(secs / 3600)
  const m = Math.floor((secs % 3600) / 60)
  const s = secs % 60
  if (h > 0) return `${h}h${m}m${s}s`
  if (m > 0) return `${m}m${s}s`
  return `${s}s`
}
