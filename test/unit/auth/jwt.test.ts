import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { SignJWT } from 'jose'
import {
  JwtVerificationError, createToken, createTokenVerifier, generateJwtSecret, permissionsUpTo, verifyToken
} from '../../../src/auth/index.js'

const secret = new Uint8Array(32).fill(1)

describe('JWT tokens', () => {
  test('tokens are byte-for-byte what Lotus mints', async () => {
    const token = await createToken(secret, permissionsUpTo('write'))
    const [header, payload, sig] = token.split('.')
    assert.equal(header, 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9')
    assert.equal(Buffer.from(payload ?? '', 'base64url').toString(), '{"Allow":["read","write"]}')
    const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
    assert.equal(sig, expected)
  })

  test('verify returns the Allow list', async () => {
    const token = await createToken(secret, ['read', 'sign'])
    assert.deepEqual(await verifyToken(secret, token), ['read', 'sign'])
  })

  test('a wrong secret, a malformed token, a bad alg and an expired token are refused', async () => {
    const token = await createToken(secret, ['admin'])
    const refused = async (t: string, why: RegExp): Promise<void> => {
      await assert.rejects(verifyToken(secret, t), (err: unknown) =>
        err instanceof JwtVerificationError && /^JWT Verification failed: /.test(err.message) && why.test(err.message))
    }
    await refused(await createToken(generateJwtSecret(), ['admin']), /signature/)
    await refused('not-a-jwt', /./)
    await refused(token.slice(0, -2), /./)
    const hs512 = await new SignJWT({ Allow: ['admin'] }).setProtectedHeader({ alg: 'HS512' }).sign(secret)
    await refused(hs512, /alg/)
    const expired = await new SignJWT({ Allow: ['admin'] }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secret)
    await refused(expired, /exp/)
    const odd = await new SignJWT({ Allow: ['root'] }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret)
    await refused(odd, /unknown permission "root"/)
  })

  test('a token without Allow grants nothing', async () => {
    const bare = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret)
    assert.deepEqual(await verifyToken(secret, bare), [])
  })

  test('the caching verifier answers the same and still refuses bad tokens', async () => {
    const verify = createTokenVerifier(secret, 2)
    const a = await createToken(secret, ['read'])
    const b = await createToken(secret, ['read', 'write'])
    const c = await createToken(secret, ['admin'])
    for (const t of [a, b, c, a, b, c]) assert.deepEqual(await verify(t), await verifyToken(secret, t))
    const first = await verify(a)
    first.push('admin')
    assert.deepEqual(await verify(a), ['read'], 'callers cannot change cached lists')
    await assert.rejects(verify(c.slice(0, -3)), JwtVerificationError)
  })
})
