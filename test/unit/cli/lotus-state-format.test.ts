// The Go printing `lotus state` relies on: %g/%f with Go's half-to-even rounding of the exact
// float, types.SizeStr/DeciStr, BigDivFloat percentages, RFC822 epoch times, and binary
// multiaddrs in go-multiaddr's text form.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { deciStr, epochTimeTs, goF, goG, percentStr, sizeStr } from '../../../src/cli/lotus/go-fmt.js'
import { multiaddrString } from '../../../src/cli/lotus/multiaddr-bytes.js'

test('goG is Go %.Ng: shortest digits, exponent form from 10^prec, exact ties to even', () => {
  assert.equal(goG(0, 4), '0')
  assert.equal(goG(2, 4), '2')
  assert.equal(goG(1.5, 4), '1.5')
  assert.equal(goG(1023.5, 4), '1024')
  assert.equal(goG(1000, 4), '1000')
  assert.equal(goG(1000, 3), '1e+03')
  assert.equal(goG(1010, 3), '1.01e+03')
  assert.equal(goG(1023.9, 3), '1.02e+03')
  assert.equal(goG(999.7, 3), '1e+03')
  assert.equal(goG(1.0625, 4), '1.062') // 17/16 is exactly halfway: to even
  assert.equal(goG(1.0875, 4), '1.087') // just below 1.0875 in binary: down
  assert.equal(goG(1.1875, 4), '1.188') // exact tie, odd digit rounds up
  assert.equal(goG(0.00012345, 3), '0.000123')
  assert.equal(goG(0.000012345, 3), '1.23e-05')
})

test('goF is Go %.Nf with exact ties to even', () => {
  assert.equal(goF(0, 4), '0.0000')
  assert.equal(goF(50, 4), '50.0000')
  assert.equal(goF(0.03125, 4), '0.0312')
  assert.equal(goF(0.09375, 4), '0.0938')
  assert.equal(goF(9.99996, 4), '10.0000')
  assert.equal(goF(0.00006, 4), '0.0001')
  assert.equal(goF(0.00004, 4), '0.0000')
  assert.equal(goF(2.5, 0), '2')
  assert.equal(goF(3.5, 0), '4')
})

test('SizeStr, DeciStr and BigDivFloat percentages as Lotus prints them', () => {
  assert.equal(sizeStr(0n), '0 B')
  assert.equal(sizeStr(2048n), '2 KiB')
  assert.equal(sizeStr(34359738368n), '32 GiB')
  assert.equal(sizeStr(1088n), '1.062 KiB')
  assert.equal(sizeStr(3n * 2n ** 70n), '3 ZiB')
  assert.equal(sizeStr(5000n * 2n ** 70n), '5000 ZiB')
  assert.equal(deciStr(512n), '512 ')
  assert.equal(deciStr(40960n), '40 Ki')
  assert.equal(deciStr(1536n * 2n ** 40n), '1.5 Pi')
  assert.equal(percentStr(1n, 3n), '33.3333')
  assert.equal(percentStr(1n, 3200n), '0.0312')
  assert.equal(percentStr(5n, 0n), '0.0000')
  // Past 2^53 the quotient is still the float nearest the exact ratio.
  assert.equal(percentStr(2n ** 80n + 1n, 3n * 2n ** 80n), '33.3333')
})

test('epochTimeTs: RFC822 time from the tipset timestamp and the distance from now', () => {
  const ts = { height: 100, minTimestamp: 1_800_000_000 }
  assert.equal(epochTimeTs(100, 100, ts, 30), '100 (15 Jan 27 08:00 UTC, now)')
  assert.equal(epochTimeTs(100, 10, ts, 30), '10 (15 Jan 27 07:15 UTC, 45 minutes ago)')
  assert.equal(epochTimeTs(100, 2980, ts, 30), '2980 (16 Jan 27 08:00 UTC, in 1 day)')
})

test('multiaddrString decodes the protocols miners announce and refuses the rest', () => {
  const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h, 'hex'))
  assert.equal(multiaddrString(hex('047f000001065dc1')), '/ip4/127.0.0.1/tcp/24001')
  assert.equal(multiaddrString(hex('2920010db8000000000000000000000001910204d2cd03')), '/ip6/2001:db8::1/udp/1234/quic-v1')
  assert.equal(multiaddrString(hex('29fe800000000000000001000000000001')), '/ip6/fe80::1:0:0:1')
  assert.equal(multiaddrString(hex('360b6578616d706c652e636f6d0601bbde03')), '/dns4/example.com/tcp/443/wss')
  // p2p: an identity-multihash peer ID in base58btc.
  const peer = multiaddrString(hex('a503260024080112200102030405060708091011121314151617181920212223242526272829303132'))
  assert.match(peer, /^\/p2p\/12D3KooW[1-9A-HJ-NP-Za-km-z]+$/)
  assert.throws(() => multiaddrString(hex('ff01')), /undecodable listen address 0xff01: Protocol 255 was unknown/)
  assert.throws(() => multiaddrString(hex('047f00')), /undecodable listen address 0x047f00: IPv4 address was incorrect length/)
  assert.throws(() => multiaddrString(new Uint8Array(0)), /empty multiaddr/)
})
