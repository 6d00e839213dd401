import { randomBytes } from 'node:crypto'
import { SignJWT, jwtVerify } from 'jose'
import { InvalidInputError } from '../core/errors.js'
import { type Permission, isPermission } from '../api/permission.js'

/**
 * Lotus API tokens: HS256 JWTs whose header is exactly `{"alg":"HS256","typ":"JWT"}` and whose
 * payload is `{"Allow":[...]}` with no other claims, so a token we mint for a secret is
 * byte-for-byte the token Lotus mints for it, and Lotus tokens work here.
 */

/** A token that failed verification; the message is the one Lotus's `AuthVerify` returns. */
export class JwtVerificationError extends InvalidInputError {
  constructor (reason: string, options: { cause?: unknown } = {}) {
    super('ERR_JWT_VERIFICATION', `JWT Verification failed: ${reason}`, { cause: options.cause })
  }
}

/** The 32 random bytes Lotus stores in the keystore as `auth-jwt-private` (`jwt-hmac-secret`). */
export function generateJwtSecret (): Uint8Array {
  return new Uint8Array(randomBytes(32))
}

/** Mints a token granting exactly `perms` (use `permissionsUpTo` for a CLI-style cumulative list). */
export async function createToken (secret: Uint8Array, perms: readonly Permission[]): Promise<string> {
  return await new SignJWT({ Allow: [...perms] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(secret)
}

/**
 * Verifies a token's signature (and `exp`, if a foreign token carries one; Lotus's own never do)
 * and returns its `Allow` list. A token without `Allow` grants nothing, as in Lotus.
 */
export async function verifyToken (secret: Uint8Array, token: string): Promise<Permission[]> {
  let payload: Record<string, unknown>
  try {
    payload = (await jwtVerify(token, secret, { algorithms: ['HS256'] })).payload
  } catch (err) {
    throw new JwtVerificationError(err instanceof Error ? err.message : String(err), { cause: err })
  }
  const allow = payload.Allow
  if (allow === undefined || allow === null) return []
  if (!Array.isArray(allow)) throw new JwtVerificationError('"Allow" claim is not a list')
  for (const perm of allow) {
    if (!isPermission(perm)) throw new JwtVerificationError(`unknown permission ${JSON.stringify(perm)} in "Allow" claim`)
  }
  return [...allow] as Permission[]
}

/**
 * A verifier bound to one secret that remembers tokens it has already verified, so the HTTP
 * path does not pay for HMAC on every call. Tokens carrying `exp` are never cached.
 */
export function createTokenVerifier (secret: Uint8Array, maxCached = 256): (token: string) => Promise<Permission[]> {
  const cache = new Map<string, Permission[]>()
  return async (token) => {
    const hit = cache.get(token)
    if (hit !== undefined) return [...hit]
    const perms = await verifyToken(secret, token)
    if (!hasExpiry(token)) {
      if (cache.size >= maxCached) cache.delete(cache.keys().next().value as string)
      cache.set(token, perms)
    }
    return [...perms]
  }
}

function hasExpiry (token: string): boolean {
  const payload = token.split('.')[1] ?? ''
  try {
    return 'exp' in (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as object)
  } catch {
    return true
  }
}
