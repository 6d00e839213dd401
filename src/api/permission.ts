import { InvalidInputError } from '../core/errors.js'

/** Lotus's permissions in their constant order (go-jsonrpc `auth.Permission`). */
export const AllPermissions = ['read', 'write', 'sign', 'admin'] as const

export type Permission = typeof AllPermissions[number]

/** What a request without a token may do (Lotus `api.DefaultPerms`). */
export const DefaultPerms: readonly Permission[] = ['read']

export function isPermission (value: unknown): value is Permission {
  return typeof value === 'string' && (AllPermissions as readonly string[]).includes(value)
}

/**
 * The cumulative list a token for `perm` carries, as `auth create-token --perm` mints it:
 * `write` gives `["read","write"]`. Lotus checks exact membership, so the list must be cumulative.
 */
export function permissionsUpTo (perm: Permission): Permission[] {
  return AllPermissions.slice(0, AllPermissions.indexOf(perm) + 1)
}

/** Parses a permission name from user input, naming where it came from when it is not one. */
export function parsePermission (value: string, source: string): Permission {
  if (!isPermission(value)) {
    throw new InvalidInputError('ERR_INVALID_PERMISSION',
      `permission '${value}' has to be one of: ${AllPermissions.join(', ')}`, { value, source })
  }
  return value
}
