/**
 * `lotus client` (Lotus `cli/client.go`): `import` data, propose a storage `deal` to a miner,
 * `list-deals` with their state, `query-ask` a miner's storage ask. The full node does the work
 * (Client* methods); deals go to the peer the miner actor names on chain.
 */
import { resolve } from 'node:path'
import { Command, Option } from 'commander'
import { InvalidInputError } from '../../core/errors.js'
import { formatFil, parseFil } from '../../core/token/fil.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import { TipSetKey } from '../../chain/types/index.js'
import { dealStatusName, StorageDealStatus } from '../../client/deal-state.js'
import { TabWriter } from '../tabwriter.js'
import { routeTo } from '../routing.js'
import { sizeStr } from './go-fmt.js'
import { addressArg, cidArg, out, withFullNode } from './full-api.js'

interface DealFlags { from?: string, startEpoch?: string, fastRetrieval: string | boolean, verifiedDeal?: boolean, providerCollateral?: string }

export function clientCommand (): Command {
  const client = routeTo(new Command('client'), 'full').description('Make deals, store data, retrieve data')
  client.command('import')
    .description('Import data')
    .argument('[inputPath]')
    .option('--car', 'import from a car file instead of a regular file')
    .action(async (path: string | undefined, flags: { car?: boolean }, cmd: Command) => {
      if (path === undefined) throw new InvalidInputError('ERR_ARGS', 'incorrect number of arguments to \'import\', got 0, expected 1')
      await withFullNode(cmd, async (api) => {
        const res = await api.ClientImport({ Path: resolve(path), IsCAR: flags.car === true })
        out(cmd, `Import ${res.ImportID}, Root ${res.Root.toString()}\n`)
      })
    })
  client.command('deal')
    .description('Initialize storage deal with a miner')
    .argument('[dataCid]').argument('[miner]').argument('[price]').argument('[duration]')
    .option('--from <address>', 'specify address to fund the deal with')
    .option('--start-epoch <epoch>', 'specify the epoch that the deal should start at')
    .addOption(new Option('--fast-retrieval [bool]', 'indicates that data should be available for fast retrieval').default(true))
    .option('--verified-deal', 'indicate that the deal counts towards verified client total')
    .option('--provider-collateral <attoFIL>', 'specify the requested provider collateral the miner should put up')
    .action(async (dataCid: string | undefined, miner: string | undefined, price: string | undefined, duration: string | undefined, flags: DealFlags, cmd: Command) => {
      if (duration === undefined) throw new InvalidInputError('ERR_ARGS', 'expected 4 args: dataCid, miner, price, duration')
      const epochs = Number(duration)
      if (!/^\d+$/.test(duration) || !Number.isSafeInteger(epochs)) throw new InvalidInputError('ERR_ARGS', `parsing duration: ${JSON.stringify(duration)} is not a number of epochs`, { value: duration, source: 'duration' })
      const start = flags.startEpoch === undefined ? -1 : Number(flags.startEpoch)
      if (!Number.isSafeInteger(start)) throw new InvalidInputError('ERR_ARGS', `--start-epoch: ${JSON.stringify(flags.startEpoch)} is not an epoch`, { value: flags.startEpoch, source: '--start-epoch' })
      await withFullNode(cmd, async (api) => {
        const proposal = await api.ClientStartDeal({
          Data: { TransferType: 'graphsync', Root: cidArg(dataCid, 'dataCid'), PieceCid: null, PieceSize: 0, RawBlockSize: 0 },
          Wallet: flags.from !== undefined ? addressArg(flags.from, '--from') : await api.WalletDefaultAddress(),
          Miner: addressArg(miner, 'miner'),
          EpochPrice: parseFil(price ?? '', 'price'),
          MinBlocksDuration: epochs,
          ProviderCollateral: (flags.providerCollateral === undefined ? 0n : BigInt(flags.providerCollateral)) as TokenAmount,
          DealStartEpoch: start as ChainEpoch,
          FastRetrieval: String(flags.fastRetrieval) !== 'false',
          VerifiedDeal: flags.verifiedDeal === true
        })
        out(cmd, `${proposal?.toString() ?? ''}\n`)
      })
    })
  client.command('list-deals')
    .description('List storage market deals')
    .option('-v, --verbose', 'print verbose deal details')
    .option('--show-failed', 'show failed/failing deals')
    .action(async (flags: { verbose?: boolean, showFailed?: boolean }, cmd: Command) => {
      await withFullNode(cmd, async (api) => {
        const failed = new Set<number>([StorageDealStatus.ProposalRejected, StorageDealStatus.Error])
        const deals = (await api.ClientListDeals()).filter((d) => flags.showFailed === true || !failed.has(d.State))
        const v = flags.verbose === true
        const tw = new TabWriter().line(...(v ? ['Created', 'DealUUID'] : []), 'DealCid', 'DealId', 'Provider', 'State', 'On Chain?', 'Slashed?', 'PieceCID', 'Size', 'Price', 'Duration', 'Verified', ...(v ? ['Message'] : []))
        for (const d of deals) {
          const active = d.State === StorageDealStatus.Active
          tw.line(...(v ? [d.CreationTime, d.DealUUID] : []), v ? d.ProposalCid.toString() : ellipsis(d.ProposalCid.toString()), d.DealID, d.Provider.toString(),
            dealStatusName(d.State), active ? 'Y' : 'N', 'N', v ? d.PieceCID.toString() : ellipsis(d.PieceCID.toString()), sizeStr(BigInt(d.Size)),
            formatFil(d.PricePerEpoch * BigInt(d.Duration)), d.Duration, String(d.Verified), ...(v ? [d.Message] : []))
        }
        out(cmd, tw.flush())
      })
    })
  client.command('query-ask')
    .description('Find a miners ask')
    .argument('[minerAddress]')
    .action(async (minerText: string | undefined, _f: unknown, cmd: Command) => {
      const miner = addressArg(minerText, 'minerAddress')
      await withFullNode(cmd, async (api) => {
        const peer = (await api.StateMinerInfo(miner, TipSetKey.empty)).PeerId
        if (peer === null) throw new InvalidInputError('ERR_NO_PEER_ID', `miner ${miner.toString()} has no peer ID set on chain`, { value: miner.toString(), source: 'minerAddress' })
        const res = await api.ClientQueryAsk(peer, miner)
        const ask = res?.Response
        if (ask === null || ask === undefined) throw new InvalidInputError('ERR_NO_ASK', `miner ${miner.toString()} returned no ask`, { value: miner.toString(), source: 'minerAddress' })
        out(cmd, `Ask: ${miner.toString()}\n` +
          `Price per GiB: ${formatFil(ask.Price)}\n` +
          `Verified Price per GiB: ${formatFil(ask.VerifiedPrice)}\n` +
          `Max Piece size: ${sizeStr(BigInt(ask.MaxPieceSize))}\n` +
          `Min Piece size: ${sizeStr(BigInt(ask.MinPieceSize))}\n`)
      })
    })
  return client
}

/** Lotus's `ellipsis(s, 8)`: the last eight characters after `...`. */
function ellipsis (s: string): string {
  return s.length <= 8 ? s : `...${s.slice(-8)}`
}
