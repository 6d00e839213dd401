import { Protocol, type Address } from '../../../../core/address/index.js'
import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address, bool, bytes } from '../../../../core/cbor/scalars.js'
import { SigType } from '../../../../core/crypto/index.js'
import { anyCaller, callerIs, defineActor, method, type ActorDefinition } from '../../../vm/actor.js'
import { ExitCode } from '../../../vm/exitcode.js'
import { SystemActorAddr } from '../addresses.js'
import { AccountActorCode } from '../codes.js'
import { accountStateCbor } from './state.js'

/** Method numbers as builtin-actors v10+ (the last two are FRC-0042 hashes of their names). */
export const AccountMethods = {
  Constructor: 1,
  PubkeyAddress: 2,
  AuthenticateMessage: 2643134072,
  UniversalReceiverHook: 3726118371
} as const

export interface AuthenticateMessageParams { Signature: Uint8Array, Message: Uint8Array }
export const authenticateMessageParamsCbor: CborCodec<AuthenticateMessageParams> = tuple('AuthenticateMessageParams', {
  Signature: bytes(),
  Message: bytes()
})

/** Any CBOR value, unexamined (the universal receiver hook accepts whatever it is sent). */
const anyParams: CborCodec<unknown> = { name: 'any', toCbor: (v) => v, fromCbor: (v) => v }

/** The account actor: holds a key address and checks signatures made with it. */
export const accountActor: ActorDefinition = defineActor({
  name: 'account',
  code: AccountActorCode,
  isAccount: true,
  methods: {
    [AccountMethods.Constructor]: method({
      name: 'Constructor',
      params: address,
      returns: null,
      callers: callerIs(SystemActorAddr),
      handler: async (rt, addr: Address) => {
        if (addr.protocol !== Protocol.SECP256K1 && addr.protocol !== Protocol.BLS) {
          rt.abort(ExitCode.ErrIllegalArgument, `address must use BLS or SECP protocol, got ${addr.protocol}`)
        }
        await rt.state.create(accountStateCbor, { Address: addr })
      }
    }),
    [AccountMethods.PubkeyAddress]: method({
      name: 'PubkeyAddress',
      params: null,
      returns: address,
      callers: anyCaller,
      handler: async (rt) => (await rt.state.read(accountStateCbor)).Address
    }),
    [AccountMethods.AuthenticateMessage]: method({
      name: 'AuthenticateMessage',
      params: authenticateMessageParamsCbor,
      returns: bool,
      callers: anyCaller,
      handler: async (rt, params) => {
        const { Address: key } = await rt.state.read(accountStateCbor)
        const type = key.protocol === Protocol.BLS ? SigType.BLS : SigType.Secp256k1
        const ok = await rt.verifySignature({ type, data: params.Signature }, key, params.Message)
        if (!ok) rt.abort(ExitCode.ErrIllegalArgument, 'invalid signature')
        return true
      }
    }),
    [AccountMethods.UniversalReceiverHook]: method({
      name: 'UniversalReceiverHook',
      params: anyParams,
      returns: null,
      callers: anyCaller,
      handler: async () => undefined
    })
  }
})
