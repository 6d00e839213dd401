/**
 * Lotus-compatible API tokens (HS256 JWT with the `Allow` claim).
 *
 * ```ts
 * const secret = generateJwtSecret()
 * const token = await createToken(secret, permissionsUpTo('write')) // Allow: ["read","write"]
 * await verifyToken(secret, token) // ['read', 'write']
 * ```
 */
export { JwtVerificationError, createToken, createTokenVerifier, generateJwtSecret, verifyToken } from './jwt.js'
export { AllPermissions, DefaultPerms, type Permission, isPermission, parsePermission, permissionsUpTo } from '../api/permission.js'
