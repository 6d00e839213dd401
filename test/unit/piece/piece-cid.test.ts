import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { CID } from 'multiformats/cid'
import { generateUnsealedCid } from '../../../src/core/piece/commd.js'
import { commPToPieceCid, InvalidPieceCidError, parsePieceCid, pieceCidToCommP } from '../../../src/core/piece/piece-cid.js'
import { zeroCommP, zeroPieceCid } from '../../../src/core/piece/zero.js'

describe('piece CIDs', () => {
  test('round trip between CommP bytes and baga… strings', () => {
    const s = 'baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq'
    const comm = pieceCidToCommP(s)
    assert.equal(comm.length, 32)
    const cid = commPToPieceCid(comm)
    assert.equal(cid.toString(), s)
    assert.equal(cid.code, 0xf101)
    assert.equal(cid.multihash.code, 0x1012)
  })

  test('rejections name the value and what is wrong', () => {
    assert.throws(() => parsePieceCid('not-a-cid', 'deal.PieceCID'), (err: unknown) =>
      err instanceof InvalidPieceCidError && /deal\.PieceCID: 'not-a-cid' is not a CID/.test(err.message))
    // A dag-cbor CID (Source: /work/shared/vectors/car.json roots).
    assert.throws(() => parsePieceCid('bafyreihyrpefhacm6kkp4ql6j6udakdit7g3dmkzfriqfykhjw6cad5lrm'), /codec 0x71, not fil-commitment-unsealed/)
    assert.throws(() => parsePieceCid(CID.parse('QmNX6Tffavsya4xgBi2VJQnSuqy9GsxongxZZ9uZBqp16d')), /CIDv0/)
    assert.throws(() => commPToPieceCid(new Uint8Array(31)), /must be 32 bytes, got 31/)
    assert.throws(() => commPToPieceCid(new Uint8Array(32).fill(0xff)), /top two bits/)
  })
})

describe('zero-piece commitments', () => {
  test('known zero pieces', () => {
    // Source: filecoin-project/go-fil-commp-hashhash testdata/zero.txt (128 B and 2 KiB pieces).
    assert.equal(zeroPieceCid(128).toString(), 'baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy')
    assert.equal(zeroPieceCid(2048).toString(), 'baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy')
    // Source: storacha/data-segment (formerly web3-storage/data-segment) test/multihash.spec.js 'RFC test case 2' and '3' (empty 32 and 64 GiB pieces).
    assert.equal(zeroPieceCid(2 ** 35).toString(), 'baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq')
    assert.equal(zeroPieceCid(2 ** 36).toString(), 'baga6ea4seaqomqafu276g53zko4k23xzh4h4uecjwicbmvhsuqi7o4bhthhm4aq')
    assert.deepEqual(zeroCommP(32 * 2 ** 10), zeroCommP(2 ** 15))
    assert.throws(() => zeroCommP(1000, 'size'), /size: padded piece size 1000 must be a power of 2/)
  })
})

describe('CommD (GenerateUnsealedCID)', () => {
  // Source: filecoin-project/go-commp-utils nonffi/commd_test.go (mainnet sector f01392893:139074).
  const pieces = [
    ['baga6ea4seaqknzm22isnhsxt2s4dnw45kfywmhenngqq3nc7jvecakoca6ksyhy', 256 << 20],
    ['baga6ea4seaqnq6o5wuewdpviyoafno4rdpqnokz6ghvg2iyeyfbqxgcwdlj2egi', 1024 << 20],
    ['baga6ea4seaqpixk4ifbkzato3huzycj6ty6gllqwanhdpsvxikawyl5bg2h44mq', 512 << 20],
    ['baga6ea4seaqaxwe5dy6nt3ko5tngtmzvpqxqikw5mdwfjqgaxfwtzenc6bgzajq', 512 << 20],
    ['baga6ea4seaqpy33nbesa4d6ot2ygeuy43y4t7amc4izt52mlotqenwcmn2kyaai', 1024 << 20],
    ['baga6ea4seaqphvv4x2s2v7ykgc3ugs2kkltbdeg7icxstklkrgqvv72m2v3i2aa', 256 << 20],
    ['baga6ea4seaqf5u55znk6jwhdsrhe37emzhmehiyvjxpsww274f6fiy3h4yctady', 512 << 20],
    ['baga6ea4seaqa3qbabsbmvk5er6rhsjzt74beplzgulthamm22jue4zgqcuszofi', 1024 << 20],
    ['baga6ea4seaqiekvf623muj6jpxg6vsqaikyw3r4ob5u7363z7zcaixqvfqsc2ji', 256 << 20],
    ['baga6ea4seaqhsewv65z2d4m5o4vo65vl5o6z4bcegdvgnusvlt7rao44gro36pi', 512 << 20]
  ].map(([pieceCid, size]) => ({ pieceCid: pieceCid as string, size: size as number }))
  const expected = 'baga6ea4seaqiw3gbmstmexb7sqwkc5r23o3i7zcyx5kr76pfobpykes3af62kca'

  test('a 32 GiB sector with alignment padding and zero fill', () => {
    assert.equal(generateUnsealedCid(2 ** 35, pieces).toString(), expected)
    // The Go test fills the sector by hand; filling it ourselves must give the same CommD.
    const filled = [...pieces, { pieceCid: zeroPieceCid(8 * 2 ** 30).toString(), size: 8 * 2 ** 30 }, { pieceCid: zeroPieceCid(16 * 2 ** 30).toString(), size: 16 * 2 ** 30 }]
    assert.equal(generateUnsealedCid(2 ** 35, filled).toString(), expected)
  })

  test('an empty sector and a sector with one full piece', () => {
    assert.equal(generateUnsealedCid(2 ** 35, []).toString(), zeroPieceCid(2 ** 35).toString())
    const one = commPToPieceCid(zeroCommP(2048))
    assert.equal(generateUnsealedCid(2048, [{ pieceCid: one, size: 2048 }]).toString(), one.toString())
  })

  test('bad piece lists are refused with the piece index', () => {
    const small = zeroPieceCid(1024).toString()
    assert.throws(() => generateUnsealedCid(2048, [{ pieceCid: small, size: 1000 }]), /pieces\[0\]\.size: padded piece size 1000 must be a power of 2/)
    assert.throws(() => generateUnsealedCid(2048, [{ pieceCid: small, size: 4096 }]), /pieces\[0\]\.size: piece of 4096 bytes is larger than the sector/)
    assert.throws(() => generateUnsealedCid(2048, [{ pieceCid: small, size: 128 }, { pieceCid: small, size: 2048 }]), /pieces\[1\]: pieces up to index 1 .* exceed the sector size 2048/)
    assert.throws(() => generateUnsealedCid(2048, [{ pieceCid: 'bafyreihyrpefhacm6kkp4ql6j6udakdit7g3dmkzfriqfykhjw6cad5lrm', size: 128 }]), /pieces\[0\]\.pieceCid: .*not fil-commitment-unsealed/)
  })
})
