/**
 * `lotus-miner actor set-addrs` and `actor set-peer-id` (Lotus `cmd/lotus-miner/actor.go`): the
 * seed's step that makes the markets node the miner's public libp2p endpoint. Each sends one
 * message from the miner's worker to the miner actor (ChangeMultiaddrs, method 18; ChangePeerID,
 * method 4) through the full node's MpoolPushMessage, and prints the message CID.
 */
import { multiaddr } from '@multiformats/multiaddr'
import { base58btc } from 'multiformats/bases/base58'
import { decode as decodeMultihash } from 'multiformats/hashes/digest'
import { CID } from 'multiformats/cid'
import type { Command } from 'commander'
import { encodeCbor } from '../../core/cbor/index.js'
import { NelumboError } from '../../core/errors.js'
import { signedMessageCid } from '../../core/message/index.js'
import { changeMultiaddrsParamsCbor, changePeerIdParamsCbor, MinerMethods } from '../../chain/actors/builtin/miner/types.js'
import { withFullNode } from '../lotus/full-api.js'
import { actorAddress, print, withMiner } from './miner-api.js'
import { pushFromWorker } from './worker-message.js'

interface SetFlags { gasLimit: string, unset?: boolean }

export function addActorSetCommands (actor: Command): void {
  actor.command('set-addrs')
    .description('set addresses that your miner can be publicly dialed on')
    .argument('[multiaddrs...]', 'multiaddrs, e.g. /ip4/1.2.3.4/tcp/24001')
    .option('--gas-limit <n>', 'set gas limit', '0')
    .option('--unset', 'unset address')
    .action(async (addrs: string[], flags: SetFlags, cmd: Command) => {
      if (addrs.length > 0 && flags.unset === true) throw new NelumboError('ERR_INVALID_ARGS', 'unset can only be used with no arguments')
      const bytes = addrs.map((a, i) => multiaddrBytes(a, `multiaddrs[${i}]`))
      await sendToMiner(cmd, flags, MinerMethods.ChangeMultiaddrs, encodeCbor(changeMultiaddrsParamsCbor, { NewMultiaddrs: bytes }), 'multiaddrs')
    })

  actor.command('set-peer-id')
    .description('set the peer id of your miner')
    .argument('<peer id>', 'the libp2p peer ID, e.g. 12D3KooW…')
    .option('--gas-limit <n>', 'set gas limit', '0')
    .action(async (pid: string, flags: SetFlags, cmd: Command) => {
      await sendToMiner(cmd, flags, MinerMethods.ChangePeerID, encodeCbor(changePeerIdParamsCbor, { NewID: peerIdBytes(pid) }), 'peerid')
    })
}

async function sendToMiner (cmd: Command, flags: SetFlags, method: number, params: Uint8Array, what: string): Promise<void> {
  const gasLimit = gasLimitFlag(flags.gasLimit)
  await withMiner(cmd, async (miner) => {
    await withFullNode(cmd, async (full) => {
      const smsg = await pushFromWorker(full, await actorAddress(cmd, miner), method, params, gasLimit)
      print(cmd, `Requested ${what} change in message ${signedMessageCid(smsg).toString()}\n`)
    })
  })
}

function gasLimitFlag (text: string): bigint {
  if (!/^\d+$/.test(text)) throw new NelumboError('ERR_INVALID_ARGS', `--gas-limit: "${text}" is not a non-negative integer`)
  return BigInt(text)
}

/** A multiaddr's binary form, as the miner actor stores it; the text must parse. */
function multiaddrBytes (text: string, where: string): Uint8Array {
  try {
    return multiaddr(text).bytes
  } catch (err) {
    throw new NelumboError('ERR_INVALID_ARGS', `${where}: "${text}" is not a multiaddr: ${(err as Error).message}`, { cause: err })
  }
}

/** A peer ID's bytes (its multihash) from its text: base58btc (`12D3KooW…`, `Qm…`) or a libp2p-key CID. */
export function peerIdBytes (text: string): Uint8Array {
  try {
    const bytes = text.startsWith('1') || text.startsWith('Q') ? base58btc.baseDecode(text) : CID.parse(text).multihash.bytes
    decodeMultihash(bytes)
    return bytes
  } catch (err) {
    throw new NelumboError('ERR_INVALID_ARGS', `peer id: "${text}" is not a libp2p peer ID: ${(err as Error).message}`, { cause: err })
  }
}
