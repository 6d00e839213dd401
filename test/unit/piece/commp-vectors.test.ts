import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import * as WasmHasher from 'fr32-sha2-256-trunc254-padded-binary-tree-multihash'
import { CAR_COMMP_VECTORS } from './car-vectors.js'
import { CommPCalc, pieceCommitment, pieceCommitmentOf, PiecePayloadError } from '../../../src/core/piece/commp.js'

// Source: filecoin-project/go-fil-commp-hashhash testdata/0xCC.txt (payload of repeated 0xCC bytes).
const CC = `96,128,baga6ea4seaqhwcjhi4krhl3ht6dewnwevkpxbepxy7p7onwgz65t52typbsysby
126,128,baga6ea4seaqapbh46gdnszvb7fcinevsy5bzg3b4higkh7groptswf6zas6jamy
127,128,baga6ea4seaqmfldjtozgne6adk7eve2vdxte7vzlivae7nzsbrawobo546zkijq
192,256,baga6ea4seaqkx7m2s6r4zahtlbwrs5ryvemkclwfp7nijopdd5swpdnxzjf7wkq
253,256,baga6ea4seaql6ldbyafhiecr36xba5tufreyo4km2ts3lfknhl2zogp3aztxijy
254,256,baga6ea4seaqkixbzz75uys2pcjbrbdilgjhmum72qm4xphrwav2iyel5oat4aka
255,512,baga6ea4seaqg7celu5y2iwbi2ra5koygvotxtzr5lj6vzvxi6gfub6mpa6niwpi
256,512,baga6ea4seaqi7c3dnwkqysqh4lpkz5jaxz2d2f5bvo3ttu2hnfmdewhcoji56na
384,512,baga6ea4seaqhexlmnzbarsbdbdahs7e36dkq5vkdwsrttehoakrif5wiqme36lq
507,512,baga6ea4seaqenvh5mcy5cjqwsbubbpczprkk2onwvfjd2743zkqh6ofuzkatwey
508,512,baga6ea4seaqb6ckbupixkhwp7thgb52f4en222boppajkqk7gaomkpof3lh4cei
509,1024,baga6ea4seaqdzbeaexq6gpbqh2tlnbz5mm5neap2kejsketkogzd6x2dx7dzkii
512,1024,baga6ea4seaqojaa522sjqms2wipasjbxnjgytunsgp52tgrfcofj73f7q7ou6hy
768,1024,baga6ea4seaqb6xvxaybzp6vslujjiwvgt23ckrwt7y53eddy5qmc6csnc37lwpi
1015,1024,baga6ea4seaqmgiyjcutwgo6glks2mogixs6mb4sbehto6uzienucfx23wbtkica
1016,1024,baga6ea4seaqjxgfdkdu37aryhg7bqqiwizj5f6ugasftgeocabwnj4cxkgisaoq
1017,2048,baga6ea4seaqf3n5ob5qonkwnxfcbjzftsagbnrjfzualqvzhcylz46b7sgz6wmi
1024,2048,baga6ea4seaqdlpnhgsndrgjeu4p46hahlsr4lybg6du4d56ooppdpxhcofxeuoi`

// Source: filecoin-project/go-fil-commp-hashhash testdata/zero.txt (all-zero payloads).
const ZERO = `96,128,baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy
127,128,baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy
192,256,baga6ea4seaqgiktap34inmaex4wbs6cghlq5i2j2yd2bb2zndn5ep7ralzphkdy
254,256,baga6ea4seaqgiktap34inmaex4wbs6cghlq5i2j2yd2bb2zndn5ep7ralzphkdy
255,512,baga6ea4seaqfpirydiugkk7up5v666wkm6n6jlw6lby2wxht5mwaqekerdfykjq
508,512,baga6ea4seaqfpirydiugkk7up5v666wkm6n6jlw6lby2wxht5mwaqekerdfykjq
509,1024,baga6ea4seaqb66wjlfkrbye6uqoemcyxmqylwmrm235uclwfpsyx3ge2imidoly
1016,1024,baga6ea4seaqb66wjlfkrbye6uqoemcyxmqylwmrm235uclwfpsyx3ge2imidoly
1017,2048,baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy
1024,2048,baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy`

const rows = (text: string): Array<{ size: number, piece: number, cid: string }> => text.split('\n').map((l) => {
  const [size, piece, cid] = l.split(',')
  return { size: Number(size), piece: Number(piece), cid: cid! }
})

/** Deterministic non-repeating payload (a byte pattern no tree level can collapse). */
function pattern (n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n)
  let x = seed >>> 0
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    out[i] = x >>> 24
  }
  return out
}

/** CommP root from the WASM package (Rust, FRC-0069), used as an independent reference. */
function wasmRoot (data: Uint8Array): Uint8Array {
  const hasher = WasmHasher.create()
  hasher.write(data)
  const digest = new Uint8Array(hasher.multihashByteLength())
  const end = hasher.digestInto(digest, 0, false)
  hasher.free()
  return digest.slice(end - 32, end)
}

describe('CommP vectors', () => {
  for (const prefer of ['auto', 'portable'] as const) {
    test(`go-fil-commp-hashhash 0xCC and zero vectors (${prefer})`, () => {
      for (const [fill, text] of [[0xcc, CC], [0, ZERO]] as const) {
        for (const v of rows(text)) {
          const r = pieceCommitmentOf(new Uint8Array(v.size).fill(fill), { prefer })
          assert.equal(r.pieceCid.toString(), v.cid, `payload ${v.size} x 0x${fill.toString(16)}`)
          assert.equal(r.pieceSize, v.piece)
          assert.equal(r.payloadSize, v.size)
        }
      }
    })
  }

  test('FRC-0069 test case 1: 4 x 127 bytes of 0, 1, 2, 3', () => {
    // Source: storacha/data-segment (formerly web3-storage/data-segment) test/multihash.spec.js 'RFC test case 1'.
    const payload = new Uint8Array(508)
    for (let i = 0; i < 4; i++) payload.fill(i, 127 * i, 127 * (i + 1))
    assert.equal(pieceCommitmentOf(payload).pieceCid.toString(), 'baga6ea4seaqes3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi')
  })

  test('derived CommP of the CAR vectors', () => {
    // Source: shared/vectors/car.json (ipld/js-car fixtures), embedded in ./car-vectors.ts.
    assert.ok(CAR_COMMP_VECTORS.length > 0)
    for (const car of CAR_COMMP_VECTORS) {
      const r = pieceCommitmentOf(Buffer.from(car.hex, 'hex'))
      assert.equal(r.pieceCid.toString(), car.pieceCid, car.id)
      assert.equal(r.pieceSize, car.paddedPieceSize)
      assert.equal(r.payloadSize, car.payloadSize)
    }
  })

  test('size edges 65, 127*2^n and 127*2^n +- 1 agree with the WASM package', () => {
    const sizes = [65, 66]
    for (let n = 0; n <= 12; n++) sizes.push(127 * 2 ** n - 1, 127 * 2 ** n, 127 * 2 ** n + 1)
    const big = pattern(127 * 2 ** 12 + 1)
    for (const size of sizes.filter((s) => s >= 65)) {
      const data = big.subarray(0, size)
      const expected = wasmRoot(data)
      assert.deepEqual(pieceCommitmentOf(data).commP, expected, `payload ${size} (auto)`)
      assert.deepEqual(pieceCommitmentOf(data, { subtreeSize: 127 * 4 }).commP, expected, `payload ${size} (small subtrees)`)
      if (size <= 127 * 2 ** 6 + 1) assert.deepEqual(pieceCommitmentOf(data, { prefer: 'portable' }).commP, expected, `payload ${size} (portable)`)
    }
  })

  test('writes split anywhere give the same CommP', async () => {
    const data = pattern(127 * 64 * 3 + 17, 7)
    const whole = pieceCommitmentOf(data, { subtreeSize: 127 * 64 })
    const calc = new CommPCalc({ subtreeSize: 127 * 64 })
    let off = 0
    for (const len of [1, 126, 127, 254, 1000, 9000]) {
      calc.write(data.subarray(off, off + len))
      off += len
    }
    calc.write(data.subarray(off))
    assert.deepEqual(calc.digest().commP, whole.commP)
    const streamed = await pieceCommitment((function * () { for (let i = 0; i < data.length; i += 333) yield data.subarray(i, i + 333) })(), { workers: 0 })
    assert.deepEqual(streamed.commP, whole.commP)
  })

  test('payloads under 65 bytes are refused, naming the size and source', async () => {
    assert.throws(() => pieceCommitmentOf(new Uint8Array(64), { source: 'x.car' }), (err: unknown) => {
      assert.ok(err instanceof PiecePayloadError)
      assert.match(err.message, /^x\.car: payload of 64 bytes is below the 65-byte minimum/)
      return true
    })
    await assert.rejects(pieceCommitment([], { source: 'empty.car' }), /empty\.car: payload of 0 bytes/)
    assert.equal(pieceCommitmentOf(new Uint8Array(65)).pieceSize, 128)
  })
})
