/**
 * `lotus send [targetAddress] [amount]` (Lotus `cli/send.go`): sends FIL from `--from` (the
 * default wallet address otherwise) through `MpoolPushMessage`, which estimates gas, picks the
 * nonce and signs; with `--nonce` the message is signed with `WalletSignMessage` and pushed with
 * `MpoolPush` as given. Prints the signed message's CID.
 */
import { Command } from 'commander'
import { InvalidInputError } from '../../core/errors.js'
import type { Message } from '../../core/message/index.js'
import { signedMessageCid } from '../../core/message/index.js'
import { parseFil } from '../../core/token/index.js'
import type { MethodNum, TokenAmount } from '../../core/types.js'
import { TipSetKey } from '../../chain/types/index.js'
import { routeTo } from '../routing.js'
import { addressArg, checkArgCount, out, withFullNode } from './full-api.js'

interface SendFlags {
  from?: string
  gasPremium: string
  gasFeecap: string
  gasLimit: string
  nonce?: string
  method: string
  paramsHex?: string
  paramsJson?: string
  force?: boolean
}

export function sendCommand (): Command {
  return routeTo(new Command('send'), 'full')
    .description('Send funds between accounts')
    .argument('[targetAddress]')
    .argument('[amount]')
    .option('--from <address>', 'optionally specify the account to send funds from')
    .option('--gas-premium <attoFIL>', 'specify gas price to use in AttoFIL', '0')
    .option('--gas-feecap <attoFIL>', 'specify gas fee cap to use in AttoFIL', '0')
    .option('--gas-limit <gas>', 'specify gas limit', '0')
    .option('--nonce <nonce>', 'specify the nonce to use')
    .option('--method <number>', 'specify method to invoke', '0')
    .option('--params-json <json>', 'specify invocation parameters in json')
    .option('--params-hex <hex>', 'specify invocation parameters in hex')
    .option('--force', "Deprecated: use global 'force-send'")
    .action(async (to: string | undefined, amount: string | undefined, flags: SendFlags, cmd: Command) => {
      if (flags.force === true) out(cmd, "'force' flag is deprecated, use global flag 'force-send'\n")
      checkArgCount(cmd, cmd.args, 2)
      const target = addressArg(to, 'failed to parse target address')
      const value = parseFil(amount ?? '', 'failed to parse amount')
      if (flags.paramsJson !== undefined) {
        throw new InvalidInputError('ERR_UNSUPPORTED_FLAG', 'JSON parameters need the actor\'s method table; use --params-hex', { source: '--params-json' })
      }
      const params = flags.paramsHex !== undefined ? hexParams(flags.paramsHex) : new Uint8Array(0)
      await withFullNode(cmd, async (api) => {
        const from = flags.from !== undefined ? addressArg(flags.from, '--from') : await api.WalletDefaultAddress()
        const msg: Message = {
          Version: 0,
          To: target,
          From: from,
          Nonce: 0n,
          Value: value,
          GasLimit: bigIntFlag(flags.gasLimit, '--gas-limit'),
          GasFeeCap: bigIntFlag(flags.gasFeecap, '--gas-feecap') as TokenAmount,
          GasPremium: bigIntFlag(flags.gasPremium, '--gas-premium') as TokenAmount,
          Method: bigIntFlag(flags.method, '--method') as MethodNum,
          Params: params
        }
        if (flags.nonce !== undefined) {
          // A fixed nonce bypasses MpoolPushMessage's nonce choice, as Lotus's sender does.
          const filled = await api.GasEstimateMessageGas({ ...msg, Nonce: bigIntFlag(flags.nonce, '--nonce') }, null, TipSetKey.empty)
          const smsg = await api.WalletSignMessage(from, filled)
          await api.MpoolPush(smsg)
          out(cmd, `${signedMessageCid(smsg).toString()}\n`)
          return
        }
        const smsg = await api.MpoolPushMessage(msg, null)
        out(cmd, `${signedMessageCid(smsg).toString()}\n`)
      })
    })
}

function bigIntFlag (text: string, source: string): bigint {
  if (!/^-?\d+$/.test(text.trim())) throw new InvalidInputError('ERR_INVALID_FLAG', `expected an integer, got ${JSON.stringify(text)}`, { value: text, source })
  return BigInt(text.trim())
}

function hexParams (text: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) {
    throw new InvalidInputError('ERR_INVALID_FLAG', 'failed to decode hex params: invalid byte', { value: text, source: '--params-hex' })
  }
  return new Uint8Array(Buffer.from(text, 'hex'))
}
