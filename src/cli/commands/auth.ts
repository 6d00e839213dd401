import { Command } from 'commander'
import { AllPermissions, CommonContract, type Permission, isPermission, permissionsUpTo } from '../../api/index.js'
import { InvalidInputError } from '../../core/errors.js'
import { envForNodeType } from '../endpoint/index.js'
import { withNodeApi } from '../node-api.js'
import { programInfo, routeTo } from '../routing.js'

const PERM_USAGE = 'permission to assign to the token, one of: read, write, sign, admin'

/** `auth create-token` and `auth api-info` (Lotus `cli/auth.go`); both mint through `AuthNew`. */
export function authCommand (): Command {
  const auth = routeTo(new Command('auth').description('Manage RPC permissions'), 'common')

  auth.command('create-token')
    .description('Create token')
    .option('--perm <perm>', PERM_USAGE)
    .action(async (opts: { perm?: string }, cmd: Command) => {
      const { io } = programInfo(cmd)
      const token = await withNodeApi(cmd, CommonContract, async (api) => {
        if (opts.perm === undefined) throw new InvalidInputError('ERR_PERM_NOT_SET', '--perm flag not set')
        return await api.AuthNew(permissionsUpTo(checkPerm(opts.perm)))
      })
      io.stdout(`${new TextDecoder().decode(token)}\n`)
    })

  auth.command('api-info')
    .description('Get token with API info required to connect to this node')
    .option('--perm <perm>', PERM_USAGE)
    .action(async (opts: { perm?: string }, cmd: Command) => {
      const { io } = programInfo(cmd)
      await withNodeApi(cmd, CommonContract, async (api, endpoint) => {
        if (opts.perm === undefined) {
          throw new InvalidInputError('ERR_PERM_NOT_SET', '--perm flag not set, use with one of: read, write, sign, admin')
        }
        const token = new TextDecoder().decode(await api.AuthNew(permissionsUpTo(checkPerm(opts.perm))))
        // The address is the one this CLI resolved: the repo's api multiaddr, or what the env var held.
        io.stdout(`${envForNodeType(endpoint.nodeType)}=${token}:${endpoint.info.addr}\n`)
      })
    })

  return auth
}

function checkPerm (perm: string): Permission {
  if (!isPermission(perm)) {
    throw new InvalidInputError('ERR_INVALID_PERMISSION', `--perm flag has to be one of: [${AllPermissions.join(' ')}]`,
      { value: perm })
  }
  return perm
}
