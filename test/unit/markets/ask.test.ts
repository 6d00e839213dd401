import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import * as dagCbor from '@ipld/dag-cbor'
import { newIdAddress, type Address } from '../../../src/core/address/index.js'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import { generateKey, keyAddress, sign, SigType, verify, type KeyInfo } from '../../../src/core/crypto/index.js'
import type { PaddedPieceSize } from '../../../src/core/piece/index.js'
import { tokenAmount, type ChainEpoch } from '../../../src/core/types.js'
import { DefaultAsk, STORED_ASK_KEY, StoredAsk, type AskTerms } from '../../../src/markets/ask/stored-ask.js'
import type { StoredAskChain } from '../../../src/markets/ask/stored-ask.js'
import {
  askRequestCbor, askResponseCbor, signedStorageAskCbor, storageAskCbor, type SignedStorageAsk, type StorageAsk
} from '../../../src/protocols/index.js'
import { openSqliteDatastore, type SqliteDatastore } from '../../../src/repo/datastore.js'

const MINER = newIdAddress(1000)
const WORKER_ID = newIdAddress(1001)
const GiB = 2 ** 30

const sampleAsk: StorageAsk = {
  Price: tokenAmount(50_000_000n),
  VerifiedPrice: tokenAmount(5_000_000n),
  MinPieceSize: 256 as PaddedPieceSize,
  MaxPieceSize: 2048 as PaddedPieceSize,
  Miner: MINER,
  Timestamp: 100 as ChainEpoch,
  Expiry: 1_000_100 as ChainEpoch,
  SeqNo: 7
}

/** Where `needle` first occurs in `hay` at or after `from`, or -1. */
function indexOfBytes (hay: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer
    return i
  }
  return -1
}

/** The ask as a data model map, for hand-made variants. */
function askMap (ask: StorageAsk = sampleAsk): Record<string, unknown> {
  return dagCbor.decode(encodeCbor(storageAskCbor, ask))
}

describe('storage ask codecs', () => {
  test('StorageAsk is a map of exactly 8 keys in canonical order (length, then bytes)', () => {
    const enc = encodeCbor(storageAskCbor, sampleAsk)
    assert.equal(enc[0], 0xa8, 'map of 8')
    const order = ['Miner', 'Price', 'SeqNo', 'Expiry', 'Timestamp', 'MaxPieceSize', 'MinPieceSize', 'VerifiedPrice']
    let at = 0
    for (const key of order) {
      const head = Uint8Array.from([0x60 + key.length, ...new TextEncoder().encode(key)])
      const found = indexOfBytes(enc, head, at)
      assert.ok(found >= 0, `${key} after the previous key`)
      at = found + head.length
    }
    assert.deepEqual(Object.keys(dagCbor.decode(enc) as object).sort(), [...order].sort())
    // The first key right after the map head, the values in cbor-gen form.
    assert.deepEqual([...enc.subarray(1, 7)], [0x65, ...new TextEncoder().encode('Miner')])
    const m = dagCbor.decode(enc) as Record<string, unknown>
    assert.deepEqual(m.Miner, Uint8Array.of(0x00, 0xe8, 0x07))
    assert.deepEqual(m.Price, Uint8Array.of(0x00, 0x02, 0xfa, 0xf0, 0x80))
    assert.deepEqual(m.VerifiedPrice, Uint8Array.of(0x00, 0x4c, 0x4b, 0x40))
    assert.equal(m.MinPieceSize, 256)
    assert.equal(m.MaxPieceSize, 2048)
    assert.equal(m.Timestamp, 100)
    assert.equal(m.Expiry, 1_000_100)
    assert.equal(m.SeqNo, 7)
  })

  test('a zero price is the empty byte string (cbor-gen big.Int zero)', () => {
    const m = askMap({ ...sampleAsk, Price: tokenAmount(0n) })
    assert.deepEqual(m.Price, new Uint8Array(0))
  })

  test('SignedStorageAsk round trips, signature as type byte + data', () => {
    const signed: SignedStorageAsk = { Ask: sampleAsk, Signature: { type: SigType.Secp256k1, data: new Uint8Array(65).fill(9) } }
    const enc = encodeCbor(signedStorageAskCbor, signed)
    assert.equal(enc[0], 0xa2)
    const raw = dagCbor.decode(enc) as { Signature: Uint8Array }
    assert.equal(raw.Signature.length, 66)
    assert.equal(raw.Signature[0], 1)
    const back = decodeCbor(signedStorageAskCbor, enc)
    assert.equal(back.Ask.Price, 50_000_000n)
    assert.equal(back.Ask.VerifiedPrice, 5_000_000n)
    assert.equal(back.Ask.MinPieceSize, 256)
    assert.equal(back.Ask.MaxPieceSize, 2048)
    assert.ok(back.Ask.Miner.equals(MINER))
    assert.equal(back.Ask.Timestamp, 100)
    assert.equal(back.Ask.Expiry, 1_000_100)
    assert.equal(back.Ask.SeqNo, 7)
    assert.equal(back.Signature.type, SigType.Secp256k1)
    assert.deepEqual([...back.Signature.data], new Array(65).fill(9))
    assert.equal(Buffer.compare(encodeCbor(signedStorageAskCbor, back), enc), 0, 're-encodes to the same bytes')
  })

  test('AskRequest round trips', () => {
    const enc = encodeCbor(askRequestCbor, { Miner: MINER })
    assert.deepEqual([...enc], [0xa1, 0x65, ...new TextEncoder().encode('Miner'), 0x43, 0x00, 0xe8, 0x07])
    assert.ok(decodeCbor(askRequestCbor, enc).Miner.equals(MINER))
  })

  test('AskResponse round trips with an ask and with a null ask', () => {
    const none = encodeCbor(askResponseCbor, { Ask: null })
    assert.deepEqual([...none], [0xa1, 0x63, 0x41, 0x73, 0x6b, 0xf6])
    assert.equal(decodeCbor(askResponseCbor, none).Ask, null)
    const signed: SignedStorageAsk = { Ask: sampleAsk, Signature: { type: SigType.BLS, data: new Uint8Array(96).fill(3) } }
    const back = decodeCbor(askResponseCbor, encodeCbor(askResponseCbor, { Ask: signed }))
    assert.ok(back.Ask !== null)
    assert.equal(back.Ask.Ask.SeqNo, 7)
    assert.equal(back.Ask.Signature.type, SigType.BLS)
  })

  test('an unknown key fails naming it', () => {
    const bad = dagCbor.encode({ ...askMap(), Extra: 1 })
    assert.throws(() => decodeCbor(storageAskCbor, bad), /unknown field "Extra" in StorageAsk/)
    assert.throws(() => decodeCbor(askRequestCbor, dagCbor.encode({ Miner: Uint8Array.of(0, 0xe8, 7), Peer: 'x' })), /unknown field "Peer" in AskRequest/)
  })

  for (const key of ['Miner', 'Price', 'SeqNo', 'Expiry', 'Timestamp', 'MaxPieceSize', 'MinPieceSize', 'VerifiedPrice']) {
    test(`a missing ${key} fails naming it`, () => {
      const m = askMap()
      delete m[key]
      assert.throws(() => decodeCbor(storageAskCbor, dagCbor.encode(m)), new RegExp(`missing field "${key}" in StorageAsk`))
    })
  }

  test('a missing field of the nested ask names the struct; a wrongly typed one names its path', () => {
    const m = askMap()
    delete m.Expiry
    const enc = dagCbor.encode({ Ask: m, Signature: Uint8Array.of(1, ...new Uint8Array(65)) })
    assert.throws(() => decodeCbor(signedStorageAskCbor, enc), /missing field "Expiry" in StorageAsk/)
    const wrong = dagCbor.encode({ ...askMap(), SeqNo: 'seven' })
    assert.throws(() => decodeCbor(storageAskCbor, wrong, 'here'), /here\.SeqNo/)
  })
})

interface FakeChain {
  chain: StoredAskChain
  height: number
  signs: Array<{ addr: Address, data: Uint8Array }>
  heads: number
}

function fakeChain (key: KeyInfo): FakeChain {
  const keyAddr = keyAddress(key)
  const f: FakeChain = {
    height: 100,
    signs: [],
    heads: 0,
    chain: {
      ChainHead: async () => { f.heads++; return { height: f.height } },
      StateMinerInfo: async (m: Address) => {
        assert.ok(m.equals(MINER), `miner info asked for ${m.toString()}`)
        return { Worker: WORKER_ID }
      },
      StateAccountKey: async (a: Address) => {
        assert.ok(a.equals(WORKER_ID), `account key asked for ${a.toString()}`)
        return keyAddr
      },
      WalletSign: async (addr: Address, data: Uint8Array) => {
        assert.ok(addr.equals(keyAddr), `signing with ${addr.toString()}`)
        f.signs.push({ addr, data })
        return sign(key, data)
      }
    } as unknown as StoredAskChain
  }
  return f
}

describe('StoredAsk', () => {
  let ds: SqliteDatastore
  let key: KeyInfo
  let f: FakeChain

  beforeEach(() => {
    ds = openSqliteDatastore(':memory:')
    key = generateKey('secp256k1')
    f = fakeChain(key)
  })
  afterEach(() => { ds.close() })

  const storedAsk = (sectorSize = 32 * GiB): StoredAsk => new StoredAsk({ chain: f.chain, datastore: ds }, { miner: MINER, sectorSize })

  test('get() is undefined before start', () => {
    assert.equal(storedAsk().get(), undefined)
  })

  test('start() on an empty datastore makes, signs and stores the default ask', async () => {
    const s = storedAsk(2048)
    await s.start()
    const got = s.get()
    assert.ok(got !== undefined)
    const a = got.Ask
    assert.equal(a.Price, 50_000_000n)
    assert.equal(a.VerifiedPrice, 5_000_000n)
    assert.equal(a.MinPieceSize, 256)
    assert.equal(a.MaxPieceSize, 2048)
    assert.ok(a.Miner.equals(MINER))
    assert.equal(a.Timestamp, 100)
    assert.equal(a.Expiry, 100 + 1_000_000)
    assert.equal(a.SeqNo, 0)
    assert.equal(got.Signature.type, SigType.Secp256k1)
    assert.ok(verify(got.Signature, keyAddress(key), encodeCbor(storageAskCbor, a)), 'signature by the worker key over the ask bytes')
    assert.ok(!verify(got.Signature, keyAddress(key), encodeCbor(storageAskCbor, { ...a, SeqNo: 1 })), 'and only over them')
    assert.equal(f.signs.length, 1)
    assert.equal(Buffer.compare(f.signs[0]!.data, encodeCbor(storageAskCbor, a)), 0)
    const stored = ds.get(STORED_ASK_KEY)
    assert.ok(stored !== undefined, `stored at ${STORED_ASK_KEY}`)
    assert.equal(Buffer.compare(stored, encodeCbor(signedStorageAskCbor, got)), 0)
    assert.deepEqual([...ds.keys()], [STORED_ASK_KEY])
  })

  test('the default max piece size is min(32 GiB, sector size)', async () => {
    for (const [sectorSize, max] of [[2048, 2048], [512 * 2 ** 20, 512 * 2 ** 20], [32 * GiB, 32 * GiB], [64 * GiB, 32 * GiB]] as const) {
      const d = openSqliteDatastore(':memory:')
      try {
        const s = new StoredAsk({ chain: f.chain, datastore: d }, { miner: MINER, sectorSize })
        await s.start()
        assert.equal(s.get()!.Ask.MaxPieceSize, max, `sector size ${sectorSize}`)
      } finally {
        d.close()
      }
    }
    assert.equal(DefaultAsk.maxPieceSize, 32 * GiB)
  })

  test('set() bumps SeqNo, takes the head height, persists; a restart loads it without re-signing', async () => {
    const s = storedAsk(2048)
    await s.start()
    f.height = 250
    const terms: AskTerms = { price: tokenAmount(7n), verifiedPrice: tokenAmount(0n), duration: 500, minPieceSize: 512, maxPieceSize: 1024 }
    const set = await s.set(terms)
    assert.equal(set.Ask.SeqNo, 1)
    assert.equal(set.Ask.Price, 7n)
    assert.equal(set.Ask.VerifiedPrice, 0n)
    assert.equal(set.Ask.MinPieceSize, 512)
    assert.equal(set.Ask.MaxPieceSize, 1024)
    assert.equal(set.Ask.Timestamp, 250)
    assert.equal(set.Ask.Expiry, 750)
    assert.ok(verify(set.Signature, keyAddress(key), encodeCbor(storageAskCbor, set.Ask)))
    assert.equal(s.get(), set)
    const second = await s.set({ ...terms, price: tokenAmount(8n) })
    assert.equal(second.Ask.SeqNo, 2)
    assert.equal(f.signs.length, 3)

    const signsBefore = f.signs.length
    const headsBefore = f.heads
    const again = storedAsk(2048)
    await again.start()
    assert.deepEqual(again.get(), second)
    assert.equal(f.signs.length, signsBefore, 'no re-sign')
    assert.equal(f.heads, headsBefore, 'no chain call')
    // The next change continues the sequence.
    assert.equal((await again.set(terms)).Ask.SeqNo, 3)
  })

  test('edge terms are accepted: zero prices, duration 1, min 256, max = sector size', async () => {
    const s = storedAsk(2048)
    await s.start()
    const set = await s.set({ price: tokenAmount(0n), verifiedPrice: tokenAmount(0n), duration: 1, minPieceSize: 256, maxPieceSize: 2048 })
    assert.equal(set.Ask.Expiry, 101)
    assert.equal(set.Ask.MinPieceSize, 256)
    assert.equal(set.Ask.MaxPieceSize, 2048)
  })

  const good: AskTerms = { price: tokenAmount(1n), verifiedPrice: tokenAmount(1n), duration: 10, minPieceSize: 256, maxPieceSize: 2048 }
  const badTerms: Array<[string, Partial<AskTerms>, string]> = [
    ['negative price', { price: tokenAmount(-1n) }, 'MarketSetAsk price: price must not be negative, got -1'],
    ['negative verified price', { verifiedPrice: tokenAmount(-5n) }, 'MarketSetAsk verifiedPrice: verified price must not be negative, got -5'],
    ['duration 0', { duration: 0 }, 'MarketSetAsk duration: duration must be a positive number of epochs, got 0'],
    ['negative duration', { duration: -3 }, 'MarketSetAsk duration: duration must be a positive number of epochs, got -3'],
    ['fractional duration', { duration: 1.5 }, 'MarketSetAsk duration: duration must be a positive number of epochs, got 1.5'],
    ['min below 256', { minPieceSize: 128 }, 'MarketSetAsk minPieceSize: minimum piece size (w/bit-padding) is 256B, got 128'],
    ['max above the sector size', { maxPieceSize: 4096 }, 'MarketSetAsk maxPieceSize: max piece size (w/bit-padding) 4096 cannot exceed miner sector size 2048'],
    ['min above max', { minPieceSize: 1024, maxPieceSize: 512 }, 'MarketSetAsk minPieceSize: minimum piece size 1024 exceeds the maximum 512']
  ]
  for (const [name, change, message] of badTerms) {
    test(`set() refuses ${name} and leaves the stored ask unchanged`, async () => {
      const s = storedAsk(2048)
      await s.start()
      const before = s.get()
      const bytesBefore = ds.get(STORED_ASK_KEY)!
      const signs = f.signs.length
      await assert.rejects(s.set({ ...good, ...change }), (err: Error) => {
        assert.equal(err.message, message)
        return true
      })
      assert.equal(s.get(), before)
      assert.equal(Buffer.compare(ds.get(STORED_ASK_KEY)!, bytesBefore), 0)
      assert.equal(f.signs.length, signs, 'nothing signed')
      // And the sequence is not consumed.
      assert.equal((await s.set(good)).Ask.SeqNo, 1)
    })
  }

  test('start() on a corrupt stored ask fails naming the key', async () => {
    ds.put(STORED_ASK_KEY, Uint8Array.of(0xa1, 0x61))
    await assert.rejects(storedAsk().start(), new RegExp(`datastore ${STORED_ASK_KEY}`))
    assert.equal(f.signs.length, 0)
  })

  // Boost's storedask.SetAsk holds askLk across read-SeqNo / sign / store: overlapping
  // MarketSetAsk calls must not both take SeqNo n+1.
  test('overlapping set() calls get distinct sequence numbers', async () => {
    const s = storedAsk(2048)
    await s.start()
    const [a, b] = await Promise.all([s.set(good), s.set({ ...good, price: tokenAmount(2n) })])
    assert.notEqual(a.Ask.SeqNo, b.Ask.SeqNo)
    assert.equal(s.get()!.Ask.SeqNo, 2)
  })
})
