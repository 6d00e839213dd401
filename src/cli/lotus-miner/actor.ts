/**
 * `lotus-miner actor control list` (Lotus `cmd/lotus-miner/actor.go`): the miner's owner, worker,
 * beneficiary and control addresses with their keys, what `[Addresses]` uses each for, and their
 * balances. The other `actor` commands: set-addrs/set-peer-id (actor-set.ts), withdraw/repay-debt
 * (actor-money.ts), control set and the worker change (actor-worker.ts).
 */
import { Command } from 'commander'
import type { Address } from '../../core/address/index.js'
import { formatFil } from '../../core/token/index.js'
import { TipSetKey } from '../../chain/types/index.js'
import { routeTo } from '../routing.js'
import { withFullNode } from '../lotus/full-api.js'
import { TableWriter } from '../lotus/table.js'
import { addActorMoneyCommands } from './actor-money.js'
import { addActorSetCommands } from './actor-set.js'
import { addChangeWorkerCommands, addControlSetCommand } from './actor-worker.js'
import { actorAddress, print, withMiner } from './miner-api.js'

export function actorCommand (): Command {
  const actor = routeTo(new Command('actor'), 'miner').description('manipulate the miner actor')
  addActorSetCommands(actor)
  addActorMoneyCommands(actor)
  const control = actor.command('control').description('Manage control addresses')
  control.command('list').description('Get currently set control addresses')
    .option('--verbose', 'print the full key addresses')
    .action(async (flags: { verbose?: boolean }, cmd: Command) => {
      await withMiner(cmd, async (api) => {
        await withFullNode(cmd, async (full) => {
          const maddr = await actorAddress(cmd, api)
          const mi = await full.StateMinerInfo(maddr, TipSetKey.empty)
          const ac = await api.ActorAddressConfig()
          const id = async (a: Address): Promise<string> => (await full.StateLookupID(a, TipSetKey.empty)).toString()
          const ids = async (list: readonly Address[]): Promise<Set<string>> => new Set(await Promise.all(list.map(id)))
          const post = new Set(await Promise.all(mi.ControlAddresses.map(id)))
          const precommit = await ids(ac.PreCommitControl)
          const commit = await ids(ac.CommitControl)
          const terminate = await ids(ac.TerminateControl)
          const deals = await ids(ac.DealPublishControl)
          for (const s of [precommit, commit, terminate, deals]) for (const a of s) post.delete(a)
          const worker = await id(mi.Worker)
          const tw = new TableWriter([{ name: 'name' }, { name: 'ID' }, { name: 'key' }, { name: 'use' }, { name: 'balance' }])
          const row = async (name: string, a: Address): Promise<void> => {
            const aid = await id(a)
            const key = (await full.StateAccountKey(a, TipSetKey.empty)).toString()
            const uses: string[] = []
            if (aid === worker) uses.push('other')
            if (post.has(aid) || (aid === worker && post.size === 0)) uses.push('post')
            if (precommit.has(aid)) uses.push('precommit')
            if (commit.has(aid)) uses.push('commit')
            if (terminate.has(aid)) uses.push('terminate')
            if (deals.has(aid)) uses.push('deals')
            tw.write({
              name,
              ID: aid,
              key: flags.verbose === true ? key : `${key.slice(0, 9)}...`,
              use: uses.join(' '),
              balance: formatFil(await full.WalletBalance(a))
            })
          }
          await row('owner', mi.Owner)
          await row('worker', mi.Worker)
          await row('beneficiary', mi.Beneficiary)
          for (const [i, ca] of mi.ControlAddresses.entries()) await row(`control-${i}`, ca)
          print(cmd, tw.render())
        })
      })
    })
  addControlSetCommand(control)
  addChangeWorkerCommands(actor)
  return actor
}
