import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KDefault, LocalWallet, WalletError, WalletKeyNotFoundError, WalletNoDefaultError } from '../../../src/chain/wallet/index.js'
import { Keystore, keyFileName } from '../../../src/repo/index.js'
import { Protocol, newIdAddress } from '../../../src/core/address/index.js'
import { generateKey, keyAddress, verifyMessageSignature } from '../../../src/core/crypto/index.js'
import type { MethodNum, TokenAmount } from '../../../src/core/types.js'

function withWallet (fn: (w: LocalWallet, ks: Keystore) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-wallet-'))
  try {
    const ks = Keystore.create(join(dir, 'keystore'))
    fn(new LocalWallet({ keystore: ks }), ks)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('LocalWallet', () => {
  test('new keys are stored as wallet-<address> (0600); the first becomes the default', () => {
    withWallet((w, ks) => {
      assert.equal(w.getDefault(), undefined)
      assert.throws(() => w.walletDefaultAddress(), WalletNoDefaultError)
      const a = w.walletNew('secp256k1')
      const b = w.walletNew('bls')
      assert.equal(a.protocol, Protocol.SECP256K1)
      assert.equal(b.protocol, Protocol.BLS)
      assert.ok(w.walletDefaultAddress().equals(a))
      assert.deepEqual(ks.list().sort(), [KDefault, `wallet-${a.toString()}`, `wallet-${b.toString()}`].sort())
      for (const f of readdirSync(ks.dir)) assert.equal(statSync(join(ks.dir, f)).mode & 0o777, 0o600)
      assert.ok(readdirSync(ks.dir).includes(keyFileName(`wallet-${a.toString()}`)))
      assert.deepEqual(w.walletList().map(String), [a, b].map(String).sort())
      assert.ok(w.walletHas(a) && w.walletHas(b))
      assert.ok(!w.walletHas(keyAddress(generateKey('secp256k1'))))
    })
  })

  test('export / import round trip across wallets; import of an existing key is refused', () => {
    withWallet((w1) => {
      const a = w1.walletNew('bls')
      const ki = w1.walletExport(a)
      withWallet((w2) => {
        assert.ok(w2.walletImport(ki).equals(a))
        assert.ok(w2.walletHas(a))
        assert.equal(w2.getDefault(), undefined)
        assert.throws(() => w2.walletImport(ki), (err: unknown) => err instanceof WalletError && /^saving to keystore: .*key already exists/.test(err.message))
      })
    })
  })

  test('sign bytes and messages; verify', () => {
    withWallet((w) => {
      for (const type of ['secp256k1', 'bls'] as const) {
        const a = w.walletNew(type)
        const data = new TextEncoder().encode('hello')
        const sig = w.walletSign(a, data)
        assert.ok(w.walletVerify(a, data, sig))
        assert.ok(!w.walletVerify(a, new TextEncoder().encode('other'), sig))
        const msg = {
          Version: 0, To: newIdAddress(1000), From: a, Nonce: 0n, Value: 1n as TokenAmount, GasLimit: 1000n,
          GasFeeCap: 1n as TokenAmount, GasPremium: 1n as TokenAmount, Method: 0n as MethodNum, Params: new Uint8Array()
        }
        assert.ok(verifyMessageSignature(w.walletSignMessage(a, msg)).valid)
      }
    })
  })

  test('missing keys give Lotus errors', () => {
    withWallet((w) => {
      const stranger = keyAddress(generateKey('secp256k1'))
      assert.throws(() => w.walletSign(stranger, new Uint8Array(1)), (err: unknown) =>
        err instanceof WalletKeyNotFoundError && err.message === `signing using key '${stranger.toString()}': key info not found`)
      assert.throws(() => w.walletExport(stranger), (err: unknown) => err instanceof WalletKeyNotFoundError && err.message === 'key not found')
      assert.throws(() => w.setDefault(stranger), /key info not found/)
    })
  })

  test('set default, delete moves the key to trash and clears the default', () => {
    withWallet((w, ks) => {
      const a = w.walletNew('secp256k1')
      const b = w.walletNew('secp256k1')
      w.setDefault(b)
      assert.ok(w.walletDefaultAddress().equals(b))
      w.walletDelete(b)
      assert.ok(!w.walletHas(b))
      assert.equal(w.getDefault(), undefined)
      assert.ok(ks.has(`trash-${b.toString()}`))
      assert.deepEqual(w.walletList().map(String), [a.toString()])
      w.walletDelete(b)
    })
  })

  test('keys saved under the mainnet letter are found too', () => {
    withWallet((w, ks) => {
      const ki = generateKey('secp256k1')
      const a = keyAddress(ki)
      ks.put(`wallet-${a.toString('mainnet')}`, ki)
      assert.ok(w.walletHas(a))
      assert.deepEqual(w.walletList().map(String), [a.toString()])
    })
  })
})
