import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { newIdAddress } from '../../../src/core/address/index.js'
import { cborCid } from '../../../src/core/cid.js'
import { blsSign, SigType } from '../../../src/core/crypto/index.js'
import { messageCid, type SignedMessage } from '../../../src/core/message/index.js'
import type { ChainEpoch, TokenAmount } from '../../../src/core/types.js'
import { InvalidBlockError, type BlockInvalidKind } from '../../../src/chain/consensus/index.js'
import type { BlockHeader, BlockMsg, TipSet } from '../../../src/chain/types/index.js'
import { blsKey, makeDevnet, mine, mineAndSubmit, resign, secpKey, template, transfer, type Devnet } from '../chain-sync/kit.js'

describe('block validation rejects each invalid kind with its reason', () => {
  let net: Devnet
  let head: TipSet
  const epoch = 2

  before(async () => {
    net = await makeDevnet()
    await mineAndSubmit(net, net.minerA, net.genesis, 1)
    head = net.chain.requireHead()
  })

  async function expectInvalid (blk: BlockMsg, kind: BlockInvalidKind, reason: RegExp): Promise<void> {
    await assert.rejects(net.svc.submitBlock(blk), (err: unknown) => {
      assert.ok(err instanceof InvalidBlockError, `expected InvalidBlockError, got ${String(err)}`)
      assert.equal(err.kind, kind, err.message)
      assert.match(err.reason, reason)
      return true
    })
    assert.ok(net.chain.requireHead().equals(head), 'the head did not move')
  }

  async function altered (change: (h: BlockHeader) => BlockHeader, messages: SignedMessage[] = []): Promise<BlockMsg> {
    const blk = await mine(net, net.minerA, head, epoch, messages)
    return { ...blk, Header: resign(net, change(blk.Header!)) }
  }

  it('accepts the unaltered block (the baseline every case changes)', async () => {
    const blk = await mine(net, net.minerA, head, epoch)
    const fresh = await makeDevnet()
    await mineAndSubmit(fresh, fresh.minerA, fresh.genesis, 1)
    assert.equal(fresh.chain.requireHead().key.id, head.key.id, 'devnets are deterministic')
    await fresh.svc.submitBlock(blk)
    assert.equal(fresh.chain.requireHead().height, epoch)
  })

  it('MalformedBlock: no ticket', async () => {
    await expectInvalid(await altered((h) => ({ ...h, Ticket: null })), 'MalformedBlock', /nil ticket/)
  })

  it('UnknownParent', async () => {
    await expectInvalid(await altered((h) => ({ ...h, Parents: [cborCid(Uint8Array.of(7))] })), 'UnknownParent', /load parent tipset failed/)
  })

  it('BadHeight: not above the parent', async () => {
    await expectInvalid(await altered((h) => ({ ...h, Height: 1 as ChainEpoch })), 'BadHeight', /not greater than parent height: 1 <= 1/)
  })

  it('BadTimestamp', async () => {
    await expectInvalid(await altered((h) => ({ ...h, Timestamp: h.Timestamp + 1 })), 'BadTimestamp', /wrong timestamp/)
  })

  it('FutureBlock: beyond the allowed clock drift', async () => {
    const saved = net.time.now
    net.time.now = net.svc.clock.epochStartMs(epoch as ChainEpoch) - 5000
    try {
      await expectInvalid(await mine(net, net.minerA, head, epoch), 'FutureBlock', /from the future/)
    } finally {
      net.time.now = saved
    }
  })

  it('BadWeight, BadBaseFee, BadStateRoot, BadReceiptsRoot', async () => {
    await expectInvalid(await altered((h) => ({ ...h, ParentWeight: h.ParentWeight + 1n })), 'BadWeight', /parent weight different/)
    await expectInvalid(await altered((h) => ({ ...h, ParentBaseFee: (h.ParentBaseFee + 1n) as TokenAmount })), 'BadBaseFee', /base fee doesn't match/)
    await expectInvalid(await altered((h) => ({ ...h, ParentStateRoot: net.genesis.parentState })), 'BadStateRoot', /parent state root did not match/)
    await expectInvalid(await altered((h) => ({ ...h, ParentMessageReceipts: cborCid(Uint8Array.of(0x80)) })), 'BadReceiptsRoot', /receipts root did not match/)
  })

  it('MinerNotEligible: no power, or no miner', async () => {
    const blk = await mine(net, net.minerA, head, epoch)
    const saved = net.minerA.qaPower
    net.minerA.qaPower = 0n
    try {
      await expectInvalid(blk, 'MinerNotEligible', /ineligible to mine/)
    } finally {
      net.minerA.qaPower = saved
    }
    const other = await mine(net, net.minerA, head, epoch)
    const noMiner = resign(net, { ...other.Header!, Miner: newIdAddress(999) }, net.minerA.workerKey)
    await expectInvalid({ ...other, Header: noMiner }, 'MinerNotEligible', /no miner actor/)
  })

  it('BadElectionProof: wrong win count, or none claimed', async () => {
    await expectInvalid(await altered((h) => ({ ...h, ElectionProof: { ...h.ElectionProof!, WinCount: h.ElectionProof!.WinCount + 1 } })), 'BadElectionProof', /claims \d+ wins but its election proof gives \d+/)
    await expectInvalid(await altered((h) => ({ ...h, ElectionProof: { ...h.ElectionProof!, WinCount: 0 } })), 'BadElectionProof', /not claiming to be a winner/)
    await expectInvalid(await altered((h) => ({ ...h, ElectionProof: { ...h.ElectionProof!, VRFProof: h.Ticket!.VRFProof } })), 'BadElectionProof', /election VRF/)
  })

  it('BadTicket', async () => {
    await expectInvalid(await altered((h) => ({ ...h, Ticket: { VRFProof: h.ElectionProof!.VRFProof } })), 'BadTicket', /validating block tickets failed/)
  })

  it('BadBeaconEntries: missing, or not the beacon\'s', async () => {
    await expectInvalid(await altered((h) => ({ ...h, BeaconEntries: [] })), 'BadBeaconEntries', /expected to have beacon entries/)
    const forged = { Round: epoch, Data: blsSign(blsKey('not the beacon').privateKey, Uint8Array.of(1)) }
    await expectInvalid(await altered((h) => ({ ...h, BeaconEntries: [forged] })), 'BadBeaconEntries', /was invalid/)
  })

  it('BadWinningPoSt', async () => {
    await expectInvalid(await altered((h) => ({ ...h, WinPoStProof: [{ PoStProof: 0, ProofBytes: Uint8Array.of(1) }] })), 'BadWinningPoSt', /winning post was invalid/)
  })

  it('BadBlockSignature: signed by another key', async () => {
    const blk = await mine(net, net.minerA, head, epoch)
    await expectInvalid({ ...blk, Header: resign(net, blk.Header!, net.minerB.workerKey) }, 'BadBlockSignature', /not signed by the worker key/)
  })

  it('BadMessages: bad secp signature, bad BLS aggregate, gas, nonces, unknown sender', async () => {
    const { secp, bls, blsId, secpId } = net.accounts
    const good = transfer(secp, blsId, 0n)
    const badSig: SignedMessage = { ...good, Signature: { ...good.Signature, data: Uint8Array.from(good.Signature.data, (b, i) => (i === 5 ? b ^ 1 : b)) } }
    await expectInvalid(await mine(net, net.minerA, head, epoch, [badSig]), 'BadMessages', /invalid signature|failed to resolve/)

    const blsMsg = transfer(bls, secpId, 0n).Message
    const wrongAgg: SignedMessage = { Message: blsMsg, Signature: { type: SigType.BLS, data: blsSign(net.minerB.workerKey.privateKey, messageCid(blsMsg).bytes) } }
    await expectInvalid(await mine(net, net.minerA, head, epoch, [wrongAgg]), 'BadMessages', /bls aggregate signature was invalid/)

    await expectInvalid(await mine(net, net.minerA, head, epoch, [transfer(secp, blsId, 0n, { GasLimit: 10_000_000_001n })]), 'BadMessages', /cannot be greater than a block's gas limit/)
    const big = { GasLimit: 6_000_000_000n }
    await expectInvalid(await mine(net, net.minerA, head, epoch, [transfer(secp, blsId, 0n, big), transfer(secp, blsId, 1n, big)]), 'BadMessages', /block gas limit exceeded/)
    await expectInvalid(await mine(net, net.minerA, head, epoch, [transfer(secp, blsId, 5n)]), 'BadMessages', /wrong nonce \(exp: 0, got: 5\)/)
    const stranger = secpKey('not on chain')
    await expectInvalid(await mine(net, net.minerA, head, epoch, [transfer(stranger, blsId, 0n)]), 'BadMessages', /failed to lookup sender/)
  })

  it('a miner that does not win gets no template', async () => {
    const saved = net.minerA.qaPower
    net.minerA.qaPower = 0n
    try {
      assert.equal(await template(net, net.minerA, head, epoch), undefined)
    } finally {
      net.minerA.qaPower = saved
    }
  })
})
