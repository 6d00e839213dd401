// selectSealingAddress: Lotus's AddressFor rules on [Addresses].
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseAddress } from '../../../src/core/address/index.js'
import type { TokenAmount } from '../../../src/core/types.js'
import { defaultsOf, minerConfigSchema } from '../../../src/repo/config/index.js'
import { selectSealingAddress } from '../../../src/sealing/index.js'
import { FakeChain, MINER } from './fakes.js'

const cfg = (): ReturnType<typeof defaultsOf<typeof minerConfigSchema>>['Addresses'] => defaultsOf(minerConfigSchema).Addresses
const amount = (n: bigint): TokenAmount => n as TokenAmount

test('no control addresses configured: the worker', async () => {
  const chain = new FakeChain()
  assert.equal((await selectSealingAddress(chain, MINER, cfg(), 'PreCommit', amount(1n), amount(0n))).toString(), 't0101')
})

test('a funded control address that is on chain wins; unknown ones are skipped', async () => {
  const chain = new FakeChain()
  const info = await chain.StateMinerInfo(MINER, null as never)
  chain.StateMinerInfo = async () => ({ ...info, ControlAddresses: [parseAddress('t0102')] })
  const c = cfg()
  c.PreCommitControl = ['t0999', 't0102']
  assert.equal((await selectSealingAddress(chain, MINER, c, 'PreCommit', amount(1n), amount(0n))).toString(), 't0102')
  // Too poor for goodFunds: the richest above minFunds (all equal here, the first), else the worker.
  chain.WalletBalance = async (a) => amount(a.toString() === 't0102' ? 5n : 1n)
  assert.equal((await selectSealingAddress(chain, MINER, c, 'PreCommit', amount(100n), amount(2n))).toString(), 't0102')
  assert.equal((await selectSealingAddress(chain, MINER, c, 'PreCommit', amount(100n), amount(50n))).toString(), 't0101')
})

test('a bad address in the config names its key', async () => {
  const c = cfg()
  c.CommitControl = ['nope']
  await assert.rejects(selectSealingAddress(new FakeChain(), MINER, c, 'Commit', amount(0n), amount(0n)), /\[Addresses\] CommitControl\[0\]/)
})
