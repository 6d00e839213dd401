// checkProposal: Boost's validation reasons, then the [Dealmaking] filter.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import type { DealProposal } from '../../../../src/chain/actors/builtin/market/types.js'
import { newIdAddress } from '../../../../src/core/address/index.js'
import { generateKey, SigType } from '../../../../src/core/crypto/index.js'
import type { PaddedPieceSize } from '../../../../src/core/piece/index.js'
import { tokenAmount, type ChainEpoch, type TokenAmount } from '../../../../src/core/types.js'
import type { SignedStorageAsk } from '../../../../src/protocols/index.js'
import { checkProposal, type ValidationChain } from '../../../../src/markets/deals/validate.js'
import type { MinerConfig } from '../../../../src/repo/index.js'
import { BLOCK_DELAY, type ChainKnobs, fakeValidationChain, MINER, minerConfig, proposal, SAMPLE_PIECE, signed, START } from './fixtures.js'

const ASK: SignedStorageAsk = {
  Ask: {
    Price: tokenAmount(50_000_000n),
    VerifiedPrice: tokenAmount(5_000_000n),
    MinPieceSize: 256 as PaddedPieceSize,
    MaxPieceSize: 2048 as PaddedPieceSize,
    Miner: MINER,
    Timestamp: 90 as ChainEpoch,
    Expiry: 1_000_090 as ChainEpoch,
    SeqNo: 0
  },
  Signature: { type: SigType.Secp256k1, data: new Uint8Array(65) }
}

interface Case {
  change?: Partial<DealProposal>
  knobs?: Partial<ChainKnobs>
  ask?: SignedStorageAsk | undefined
  dealmaking?: Partial<MinerConfig['Dealmaking']>
  isOffline?: boolean
  /** Sign with another key. */
  badKey?: boolean
}

async function check (c: Case = {}): Promise<string | undefined> {
  const { chain } = fakeValidationChain(c.knobs)
  const p = proposal(c.change)
  const cdp = c.badKey === true ? signed(p, generateKey('secp256k1')) : signed(p)
  return await checkProposal(cdp, {
    chain: chain as unknown as ValidationChain,
    miner: MINER,
    ask: 'ask' in c ? c.ask : ASK,
    dealmaking: minerConfig(c.dealmaking).Dealmaking,
    blockDelaySecs: BLOCK_DELAY,
    isOffline: c.isOffline ?? false
  })
}

const V = 'failed validation: '

describe('checkProposal: validation', () => {
  test('a good proposal passes, online and offline, with or without an ask', async () => {
    assert.equal(await check(), undefined)
    assert.equal(await check({ isOffline: true }), undefined)
    assert.equal(await check({ ask: undefined }), undefined)
  })

  test('invalid signature', async () => {
    assert.equal(await check({ badKey: true }), `${V}invalid signature`)
  })

  test('a signature over another proposal is invalid', async () => {
    const { chain } = fakeValidationChain()
    const cdp = signed(proposal())
    const tampered = { ...cdp, Proposal: { ...cdp.Proposal, StoragePricePerEpoch: 999n as TokenAmount } }
    const r = await checkProposal(tampered, { chain: chain as unknown as ValidationChain, miner: MINER, ask: ASK, dealmaking: minerConfig().Dealmaking, blockDelaySecs: BLOCK_DELAY, isOffline: false })
    assert.equal(r, `${V}invalid signature`)
  })

  test('incorrect provider', async () => {
    const other = newIdAddress(1234)
    assert.equal(await check({ change: { Provider: other } }),
      `${V}incorrect provider for deal; proposal.Provider: ${other.toString()}; provider.Address: ${MINER.toString()}`)
    assert.match(other.toString(), /^[ft]01234$/)
  })

  test('label longer than 256 bytes (counted in UTF-8 bytes, or raw bytes)', async () => {
    assert.equal(await check({ change: { Label: 'x'.repeat(256) } }), undefined)
    assert.equal(await check({ change: { Label: 'x'.repeat(257) } }), `${V}deal label can be at most 256 bytes, is 257`)
    assert.equal(await check({ change: { Label: 'é'.repeat(129) } }), `${V}deal label can be at most 256 bytes, is 258`)
    assert.equal(await check({ change: { Label: new Uint8Array(300) } }), `${V}deal label can be at most 256 bytes, is 300`)
  })

  test('piece size not a power of two, or below 128', async () => {
    for (const size of [3000, 2047, 64, 0]) {
      assert.equal(await check({ change: { PieceSize: size } }),
        `${V}proposal piece size is invalid: padded piece size must be a power of 2 of at least 128 bytes, got ${size}`)
    }
  })

  test('piece sizes of 4 GiB and more that are not powers of two are refused', async () => {
    const size = 12 * 2 ** 30
    assert.equal(await check({ change: { PieceSize: size }, ask: undefined }),
      `${V}proposal piece size is invalid: padded piece size must be a power of 2 of at least 128 bytes, got ${size}`)
  })

  test('wrong PieceCID prefix', async () => {
    const rawCid = CID.create(1, raw.code, await sha256.digest(new Uint8Array([1, 2, 3])))
    assert.equal(await check({ change: { PieceCID: rawCid } }), `${V}proposal PieceCID had wrong prefix`)
  })

  test('end before start', async () => {
    assert.equal(await check({ change: { EndEpoch: START as ChainEpoch } }), `${V}proposal end ${START} before proposal start ${START}`)
    assert.equal(await check({ change: { EndEpoch: (START - 1) as ChainEpoch } }), `${V}proposal end ${START - 1} before proposal start ${START}`)
  })

  test('start already elapsed', async () => {
    assert.equal(await check({ change: { StartEpoch: 99 as ChainEpoch } }), `${V}deal start epoch 99 has already elapsed (current epoch: 100)`)
  })

  test('provider collateral below the minimum or above min × MaxProviderCollateralMultiplier', async () => {
    assert.equal(await check({ change: { ProviderCollateral: 99n as TokenAmount } }), `${V}proposed provider collateral 99 below minimum 100`)
    assert.equal(await check({ change: { ProviderCollateral: 200n as TokenAmount } }), undefined, 'exactly the maximum')
    assert.equal(await check({ change: { ProviderCollateral: 201n as TokenAmount } }), `${V}proposed provider collateral 201 above maximum 200`)
    assert.equal(await check({ change: { ProviderCollateral: 201n as TokenAmount }, dealmaking: { MaxProviderCollateralMultiplier: 3 } }), undefined)
    assert.equal(await check({ change: { ProviderCollateral: 301n as TokenAmount }, dealmaking: { MaxProviderCollateralMultiplier: 3 } }),
      `${V}proposed provider collateral 301 above maximum 300`)
  })

  test('price below the ask (Price per GiB × PieceSize / 2^30; VerifiedPrice for verified deals)', async () => {
    // 50_000_000 × 2048 / 2^30 = 95.37 → 95
    assert.equal(await check({ change: { StoragePricePerEpoch: 95n as TokenAmount } }), undefined)
    assert.equal(await check({ change: { StoragePricePerEpoch: 94n as TokenAmount } }), `${V}storage price per epoch less than asking price: 94 < 95`)
    // 5_000_000 × 2048 / 2^30 = 9.5 → 9
    assert.equal(await check({ change: { StoragePricePerEpoch: 8n as TokenAmount, VerifiedDeal: true }, knobs: { datacap: 1n << 40n } }),
      `${V}storage price per epoch less than asking price: 8 < 9`)
  })

  test('piece smaller than the ask\'s minimum or larger than its maximum', async () => {
    const ask = (min: number, max: number): SignedStorageAsk => ({ ...ASK, Ask: { ...ASK.Ask, MinPieceSize: min as PaddedPieceSize, MaxPieceSize: max as PaddedPieceSize } })
    assert.equal(await check({ ask: ask(4096, 8192) }), `${V}piece size less than minimum required size: 2048 < 4096`)
    assert.equal(await check({ ask: ask(256, 1024) }), `${V}piece size more than maximum allowed size: 2048 > 1024`)
  })

  test('client escrow not enough', async () => {
    const needed = 1000n * 518_400n + 7n
    assert.equal(await check({ change: { ClientCollateral: 7n as TokenAmount }, knobs: { escrow: needed, locked: 0n } }), undefined)
    assert.equal(await check({ change: { ClientCollateral: 7n as TokenAmount }, knobs: { escrow: needed, locked: 1n } }),
      `${V}client available funds in escrow ${needed - 1n} not enough to meet storage cost for deal ${needed}`)
  })

  test('verified deal without DataCap, or with too little', async () => {
    assert.equal(await check({ change: { VerifiedDeal: true } }), `${V}client is not a verified client`)
    assert.equal(await check({ change: { VerifiedDeal: true }, knobs: { datacap: 2047n } }), `${V}verified deal DataCap 2047 too small for proposed piece size 2048`)
    assert.equal(await check({ change: { VerifiedDeal: true }, knobs: { datacap: 2048n } }), undefined)
  })
})

describe('checkProposal: [Dealmaking] filter', () => {
  test('online, offline, verified and unverified deals can be switched off', async () => {
    assert.equal(await check({ dealmaking: { ConsiderOnlineStorageDeals: false } }), 'miner is not considering online storage deals')
    assert.equal(await check({ dealmaking: { ConsiderOnlineStorageDeals: false }, isOffline: true }), undefined)
    assert.equal(await check({ dealmaking: { ConsiderOfflineStorageDeals: false }, isOffline: true }), 'miner is not accepting offline storage deals')
    assert.equal(await check({ dealmaking: { ConsiderOfflineStorageDeals: false } }), undefined)
    assert.equal(await check({ dealmaking: { ConsiderVerifiedStorageDeals: false }, change: { VerifiedDeal: true }, knobs: { datacap: 4096n } }),
      'miner is not accepting verified storage deals')
    assert.equal(await check({ dealmaking: { ConsiderVerifiedStorageDeals: false } }), undefined)
    assert.equal(await check({ dealmaking: { ConsiderUnverifiedStorageDeals: false } }), 'miner is not accepting unverified storage deals')
    assert.equal(await check({ dealmaking: { ConsiderUnverifiedStorageDeals: false }, change: { VerifiedDeal: true }, knobs: { datacap: 4096n } }), undefined)
  })

  test('validation comes before the filter', async () => {
    assert.equal(await check({ dealmaking: { ConsiderOnlineStorageDeals: false }, badKey: true }), `${V}invalid signature`)
  })

  test('a blocklisted piece CID', async () => {
    const cid = SAMPLE_PIECE.pieceCid.toString()
    assert.equal(await check({ dealmaking: { PieceCidBlocklist: [cid] } as never }), `miner has blocklisted piece CID ${cid}`)
    assert.equal(await check({ dealmaking: { PieceCidBlocklist: ['baga6ea4seaqsomethingelse'] } as never }), undefined)
  })

  test('start before head + ExpectedSealDuration / block delay', async () => {
    // 24h / 30 s = 2880 epochs after head 100
    assert.equal(await check({ change: { StartEpoch: 2980 as ChainEpoch } }), undefined)
    assert.equal(await check({ change: { StartEpoch: 2979 as ChainEpoch } }), 'cannot seal a sector before 2980')
    assert.equal(await check({ change: { StartEpoch: 2979 as ChainEpoch }, isOffline: true }), 'cannot seal a sector before 2980')
    // 1h0m1s / 30 s = 120.03 → 121 epochs
    assert.equal(await check({ change: { StartEpoch: 220 as ChainEpoch }, dealmaking: { ExpectedSealDuration: '1h0m1s' } }), 'cannot seal a sector before 221')
  })

  test('start too far in the future (online deals only)', async () => {
    // earliest 2980 + 336h / 30 s = 40320 epochs
    assert.equal(await check({ change: { StartEpoch: 43_300 as ChainEpoch } }), undefined)
    assert.equal(await check({ change: { StartEpoch: 43_301 as ChainEpoch } }), 'deal start epoch is too far in the future: 43301 > 43300')
    assert.equal(await check({ change: { StartEpoch: 43_301 as ChainEpoch }, isOffline: true }), undefined)
  })
})
