import type { IncomingMessage } from 'node:http'

/**
 * Verifies a bearer token and returns the permissions it grants; throws if the token is not
 * valid. The transport knows nothing about JWTs: the node passes `createTokenVerifier(secret)`.
 */
export type Authorize = (token: string) => Promise<readonly string[]> | readonly string[]

/**
 * go-jsonrpc's `auth.Handler`: the `Authorization` header, or else a `token` query parameter
 * taken as `Bearer <token>`. No token at all means the default permissions (`read`); a header
 * without `Bearer ` or a token that fails verification means `undefined`, which callers answer
 * with 401 and an empty body.
 */
export async function authenticate (
  req: IncomingMessage,
  authorize: Authorize,
  defaultPerms: readonly string[]
): Promise<readonly string[] | undefined> {
  let header = req.headers.authorization ?? ''
  if (header === '') {
    const query = req.url?.indexOf('?') ?? -1
    const token = query >= 0 ? new URLSearchParams(req.url?.slice(query + 1)).get('token') : null
    if (token !== null && token !== '') header = `Bearer ${token}`
  }
  if (header === '') return defaultPerms
  if (!header.startsWith('Bearer ')) return undefined
  try {
    return await authorize(header.slice('Bearer '.length))
  } catch {
    return undefined
  }
}
