/**
 * `lotus wallet` (Lotus `cli/wallet.go`): new, list, balance, export, import, default,
 * set-default, with Lotus's output.
 */
import { readFileSync } from 'node:fs'
import { Command } from 'commander'
import { InvalidInputError } from '../../core/errors.js'
import { type KeyInfo, keyInfoFromLotusJson, keyInfoToLotusJson } from '../../core/crypto/index.js'
import { formatFil, parseFil } from '../../core/token/index.js'
import { TipSetKey } from '../../chain/types/index.js'
import { routeTo } from '../routing.js'
import { addressArg, checkArgCount, type FullNodeApi, out, withFullNode } from './full-api.js'
import { TableWriter } from './table.js'

export function walletCommand (): Command {
  const wallet = routeTo(new Command('wallet').description('Manage wallet'), 'full')

  wallet.command('new')
    .description('Generate a new key of the given type')
    .argument('[type]', 'bls|secp256k1 (default secp256k1)')
    .action(async (type: string | undefined, _o: unknown, cmd: Command) => {
      const t = type === undefined || type === '' ? 'secp256k1' : type
      if (t !== 'secp256k1' && t !== 'bls') {
        throw new InvalidInputError('ERR_KEY_TYPE', `unknown key type ${JSON.stringify(t)}: expected bls or secp256k1`, { value: t, source: 'type' })
      }
      await withFullNode(cmd, async (api) => { out(cmd, `${(await api.WalletNew(t)).toString()}\n`) })
    })

  wallet.command('list')
    .description('List wallet address')
    .option('-a, --addr-only', 'Only print addresses')
    .option('-i, --id', 'Output ID addresses')
    .option('-m, --market', 'Output market balances')
    .action(async (opts: { addrOnly?: boolean, id?: boolean, market?: boolean }, cmd: Command) => {
      await withFullNode(cmd, async (api) => { out(cmd, await walletList(api, opts)) })
    })

  wallet.command('balance')
    .description('Get account balance')
    .argument('[address]')
    .action(async (addrText: string | undefined, _o: unknown, cmd: Command) => {
      await withFullNode(cmd, async (api) => {
        const addr = addrText !== undefined && addrText !== '' ? addressArg(addrText, 'address') : await api.WalletDefaultAddress()
        const balance = await api.WalletBalance(addr)
        const inSync = balance !== 0n || await isSyncDone(api)
        out(cmd, inSync ? `${formatFil(balance)}\n` : `${formatFil(balance)} (warning: may display 0 if chain sync in progress)\n`)
      })
    })

  wallet.command('export')
    .description('export keys')
    .argument('[address]')
    .action(async (addrText: string | undefined, _o: unknown, cmd: Command) => {
      checkArgCount(cmd, cmd.args, 1)
      const addr = addressArg(addrText, 'address')
      await withFullNode(cmd, async (api) => {
        const ki = await api.WalletExport(addr)
        out(cmd, `${Buffer.from(JSON.stringify(keyInfoToLotusJson(ki))).toString('hex')}\n`)
      })
    })

  wallet.command('import')
    .description('import keys')
    .argument('[path]', '<path> (optional, will read from stdin if omitted)')
    .option('--format <format>', 'specify input format for key', 'hex-lotus')
    .option('--as-default', 'import the given key as your new default key')
    .action(async (path: string | undefined, opts: { format: string, asDefault?: boolean }, cmd: Command) => {
      const input = path === undefined || path === '-' ? await readKeyFromStdin(cmd) : readFileSync(path, 'utf8')
      const ki = parseKey(input, opts.format)
      await withFullNode(cmd, async (api) => {
        const addr = await api.WalletImport(ki)
        if (opts.asDefault === true) {
          try {
            await api.WalletSetDefault(addr)
          } catch (err) {
            throw new Error(`failed to set default key: ${(err as Error).message}`, { cause: err })
          }
        }
        out(cmd, `imported key ${addr.toString()} successfully!\n`)
      })
    })

  wallet.command('default')
    .description('Get default wallet address')
    .action(async (_o: unknown, cmd: Command) => {
      await withFullNode(cmd, async (api) => { out(cmd, `${(await api.WalletDefaultAddress()).toString()}\n`) })
    })

  wallet.command('set-default')
    .description('Set default wallet address')
    .argument('[address]')
    .action(async (addrText: string | undefined, _o: unknown, cmd: Command) => {
      checkArgCount(cmd, cmd.args, 1)
      const addr = addressArg(addrText, 'address')
      await withFullNode(cmd, async (api) => {
        out(cmd, `Default address set to: ${addr.toString()}\n`)
        await api.WalletSetDefault(addr)
      })
    })

  const market = wallet.command('market').description('Interact with market balances')
  market.command('add')
    .description('Add funds to the Storage Market actor')
    .argument('[amount]')
    .option('-f, --from <address>', 'Specify address to move funds from, otherwise it will use the default wallet address')
    .option('-a, --address <address>', 'Market address to move funds to (account or miner actor address, defaults to --from address)')
    .action(async (amount: string | undefined, flags: { from?: string, address?: string }, cmd: Command) => {
      if (amount === undefined) throw new InvalidInputError('ERR_ARGS', 'must pass amount to add', { source: 'amount' })
      const amt = parseFil(amount, 'amount')
      await withFullNode(cmd, async (api) => {
        const from = flags.from !== undefined ? addressArg(flags.from, '--from') : await api.WalletDefaultAddress()
        const to = flags.address !== undefined ? addressArg(flags.address, '--address') : from
        out(cmd, `Submitting Add Balance message for amount ${formatFil(amt)} for address ${to.toString()}\n`)
        out(cmd, `AddBalance message cid: ${(await api.MarketAddBalance(from, to, amt)).toString()}\n`)
      })
    })
  return wallet
}

async function walletList (api: FullNodeApi, opts: { addrOnly?: boolean, id?: boolean, market?: boolean }): Promise<string> {
  const addrs = await api.WalletList()
  if (opts.addrOnly === true) return addrs.map((a) => `${a.toString()}\n`).join('')
  let def: string | undefined
  try {
    def = (await api.WalletDefaultAddress()).toString()
  } catch {
    def = undefined
  }
  const tw = new TableWriter([
    { name: 'Address' }, { name: 'ID' }, { name: 'Balance' }, { name: 'Market(Avail)' }, { name: 'Market(Locked)' },
    { name: 'Nonce' }, { name: 'Default' }, { name: 'Error', separateLine: true }
  ])
  for (const addr of addrs) {
    let balance = 0n
    let nonce = 0n
    try {
      const a = await api.StateGetActor(addr, TipSetKey.empty)
      balance = a.Balance
      nonce = a.Nonce
    } catch (err) {
      if (!(err as Error).message.includes('actor not found')) {
        tw.write({ Address: addr.toString(), Error: (err as Error).message })
        continue
      }
    }
    const row: Record<string, unknown> = { Address: addr.toString(), Balance: formatFil(balance), Nonce: nonce.toString() }
    if (addr.toString() === def) row.Default = 'X'
    if (opts.id === true) {
      try {
        row.ID = (await api.StateLookupID(addr, TipSetKey.empty)).toString()
      } catch {
        row.ID = 'n/a'
      }
    }
    if (opts.market === true) {
      try {
        const mb = await api.StateMarketBalance(addr, TipSetKey.empty)
        row['Market(Avail)'] = formatFil(mb.Escrow - mb.Locked)
        row['Market(Locked)'] = formatFil(mb.Locked)
      } catch {
        // Lotus leaves the market columns empty when the balance cannot be read.
      }
    }
    tw.write(row)
  }
  return tw.render()
}

/** Lotus `IsSyncDone`: the head is less than one block delay old. */
async function isSyncDone (api: FullNodeApi): Promise<boolean> {
  const [head, version] = await Promise.all([api.ChainHead(), api.Version()])
  return Date.now() / 1000 - head.minTimestamp < version.BlockDelay
}

function parseKey (input: string, format: string): KeyInfo {
  const source = `key (--format ${format})`
  switch (format) {
    case 'hex-lotus': {
      const hex = input.trim()
      if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new InvalidInputError('ERR_KEY_FORMAT', 'encoding/hex: invalid byte in key', { source })
      return keyInfoFromLotusJson(parseJson(Buffer.from(hex, 'hex').toString('utf8'), source), source)
    }
    case 'json-lotus':
      return keyInfoFromLotusJson(parseJson(input, source), source)
    default:
      throw new InvalidInputError('ERR_KEY_FORMAT', `unrecognized format: ${format}`, { value: format, source: '--format' })
  }
}

function parseJson (text: string, source: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new InvalidInputError('ERR_KEY_FORMAT', `not JSON: ${(err as Error).message}`, { source })
  }
}

async function readKeyFromStdin (cmd: Command): Promise<string> {
  out(cmd, 'Enter private key: ')
  return await new Promise<string>((resolve, reject) => {
    let data = ''
    const onData = (chunk: Buffer): void => {
      data += chunk.toString('utf8')
      const nl = data.indexOf('\n')
      if (nl >= 0) {
        done()
        resolve(data.slice(0, nl))
      }
    }
    const onEnd = (): void => { done(); resolve(data) }
    const onError = (err: Error): void => { done(); reject(err) }
    const done = (): void => {
      process.stdin.off('data', onData).off('end', onEnd).off('error', onError)
      process.stdin.pause()
    }
    process.stdin.on('data', onData).on('end', onEnd).on('error', onError)
  })
}
