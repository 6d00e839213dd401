import type { Address } from '../../../../core/address/index.js'
import { address } from '../../../../core/cbor/scalars.js'
import { callerCodeIs, callerIs, defineActor, method, type ActorDefinition } from '../../../vm/actor.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import { StorageMarketActorAddr, SystemActorAddr } from '../addresses.js'
import { StorageMinerActorCode, VerifiedRegistryActorCode } from '../codes.js'
import { policyOf } from '../power/policy.js'
import { loadDataCapTable, newVerifregState, verifregStateCbor } from './state.js'
import {
  addVerifiedClientParamsCbor, bytesParamsCbor, claimAllocationsParamsCbor, claimAllocationsReturnCbor, VerifregMethods,
  verifierParamsCbor
} from './types.js'

async function resolve (rt: Runtime, addr: Address, what: string): Promise<Address> {
  const id = await rt.resolveAddress(addr)
  if (id === null) return rt.abort(ExitCode.ErrIllegalArgument, `failed to resolve ${what} address ${addr.toString()}`)
  return id
}

function checkSize (rt: Runtime, size: bigint, what: string): void {
  const min = policyOf(rt).minimumVerifiedAllocationSize
  if (size < min) rt.abort(ExitCode.ErrIllegalArgument, `${what} ${size} below minimum verified deal size ${min}`)
}

/**
 * The verified registry (f06), with actors v8 semantics: the root key adds and removes
 * verifiers, verifiers grant datacap to clients, and the market spends a client's datacap when
 * it publishes a verified deal (UseBytes) and restores it when the deal never starts
 * (RestoreBytes). Verified deals then give the sector 10× quality-adjusted power.
 *
 * Simplification of v9+: no datacap token actor, no allocations or claims state. The market
 * hands the miner a non-zero allocation ID for each verified deal it activates, and
 * ClaimAllocations accepts a miner's claims for them and reports the claimed space, without
 * recording claims (so there is no claim extension or removal).
 */
export const verifregActor: ActorDefinition = defineActor({
  name: 'verifiedregistry',
  code: VerifiedRegistryActorCode,
  methods: {
    [VerifregMethods.Constructor]: method({
      name: 'Constructor',
      params: address,
      returns: null,
      callers: callerIs(SystemActorAddr),
      handler: async (rt, rootKey) => {
        const root = await resolve(rt, rootKey, 'root key')
        await rt.state.create(verifregStateCbor, await newVerifregState(rt.store, root))
      }
    }),
    [VerifregMethods.AddVerifier]: method({
      name: 'AddVerifier',
      params: verifierParamsCbor,
      returns: null,
      callers: { kind: 'any' },
      handler: async (rt, p) => {
        checkSize(rt, p.Allowance, 'allowance')
        const verifier = await resolve(rt, p.Address, 'verifier')
        await rt.state.transaction(verifregStateCbor, async (st) => {
          if (!rt.caller.equals(st.RootKey)) rt.abort(ExitCode.ErrForbidden, `caller ${rt.caller.toString()} is not the root key`)
          if (verifier.equals(st.RootKey)) rt.abort(ExitCode.ErrIllegalArgument, 'the root key cannot be a verifier')
          const clients = await loadDataCapTable(rt.store, st.VerifiedClients)
          if (await clients.has(verifier.bytes)) rt.abort(ExitCode.ErrIllegalArgument, `verified client ${verifier.toString()} cannot become a verifier`)
          const verifiers = await loadDataCapTable(rt.store, st.Verifiers)
          await verifiers.set(verifier.bytes, p.Allowance)
          st.Verifiers = await verifiers.flush()
        })
      }
    }),
    [VerifregMethods.RemoveVerifier]: method({
      name: 'RemoveVerifier',
      params: address,
      returns: null,
      callers: { kind: 'any' },
      handler: async (rt, addr) => {
        const verifier = await resolve(rt, addr, 'verifier')
        await rt.state.transaction(verifregStateCbor, async (st) => {
          if (!rt.caller.equals(st.RootKey)) rt.abort(ExitCode.ErrForbidden, `caller ${rt.caller.toString()} is not the root key`)
          const verifiers = await loadDataCapTable(rt.store, st.Verifiers)
          if (!await verifiers.delete(verifier.bytes)) rt.abort(ExitCode.ErrIllegalArgument, `failed to remove verifier ${verifier.toString()}: not found`)
          st.Verifiers = await verifiers.flush()
        })
      }
    }),
    [VerifregMethods.AddVerifiedClient]: method({
      name: 'AddVerifiedClient',
      params: addVerifiedClientParamsCbor,
      returns: null,
      callers: { kind: 'any' },
      handler: async (rt, p) => {
        checkSize(rt, p.Allowance, 'allowance')
        const client = await resolve(rt, p.Address, 'client')
        await rt.state.transaction(verifregStateCbor, async (st) => {
          if (client.equals(st.RootKey)) rt.abort(ExitCode.ErrIllegalArgument, 'the root key cannot be a verified client')
          const verifiers = await loadDataCapTable(rt.store, st.Verifiers)
          const cap = await verifiers.get(rt.caller.bytes)
          if (cap === undefined) return rt.abort(ExitCode.ErrNotFound, `no such verifier ${rt.caller.toString()}`)
          if (await verifiers.has(client.bytes)) rt.abort(ExitCode.ErrIllegalArgument, `verifier ${client.toString()} cannot be a verified client`)
          if (cap < p.Allowance) rt.abort(ExitCode.ErrIllegalArgument, `add more datacap (${p.Allowance}) for client than allocated ${cap}`)
          await verifiers.set(rt.caller.bytes, cap - p.Allowance)
          const clients = await loadDataCapTable(rt.store, st.VerifiedClients)
          await clients.set(client.bytes, (await clients.get(client.bytes) ?? 0n) + p.Allowance)
          st.Verifiers = await verifiers.flush()
          st.VerifiedClients = await clients.flush()
        })
      }
    }),
    [VerifregMethods.UseBytes]: method({
      name: 'UseBytes',
      params: bytesParamsCbor,
      returns: null,
      callers: callerIs(StorageMarketActorAddr),
      handler: async (rt, p) => {
        checkSize(rt, p.DealSize, 'verified deal size')
        const client = await resolve(rt, p.Address, 'client')
        const min = policyOf(rt).minimumVerifiedAllocationSize
        await rt.state.transaction(verifregStateCbor, async (st) => {
          const clients = await loadDataCapTable(rt.store, st.VerifiedClients)
          const cap = await clients.get(client.bytes)
          if (cap === undefined) return rt.abort(ExitCode.ErrNotFound, `no such verified client ${client.toString()}`)
          if (p.DealSize > cap) rt.abort(ExitCode.ErrIllegalArgument, `deal size ${p.DealSize} is greater than the client's datacap ${cap}`)
          const left = cap - p.DealSize
          if (left < min) await clients.delete(client.bytes)
          else await clients.set(client.bytes, left)
          st.VerifiedClients = await clients.flush()
        })
      }
    }),
    [VerifregMethods.RestoreBytes]: method({
      name: 'RestoreBytes',
      params: bytesParamsCbor,
      returns: null,
      callers: callerIs(StorageMarketActorAddr),
      handler: async (rt, p) => {
        checkSize(rt, p.DealSize, 'verified deal size')
        const client = await resolve(rt, p.Address, 'client')
        await rt.state.transaction(verifregStateCbor, async (st) => {
          if (client.equals(st.RootKey)) rt.abort(ExitCode.ErrIllegalArgument, 'cannot restore datacap to the root key')
          const verifiers = await loadDataCapTable(rt.store, st.Verifiers)
          if (await verifiers.has(client.bytes)) rt.abort(ExitCode.ErrIllegalArgument, 'cannot restore datacap to a verifier')
          const clients = await loadDataCapTable(rt.store, st.VerifiedClients)
          await clients.set(client.bytes, (await clients.get(client.bytes) ?? 0n) + p.DealSize)
          st.VerifiedClients = await clients.flush()
        })
      }
    }),
    [VerifregMethods.ClaimAllocations]: method({
      name: 'ClaimAllocations',
      params: claimAllocationsParamsCbor,
      returns: claimAllocationsReturnCbor,
      callers: callerCodeIs(StorageMinerActorCode),
      handler: async (rt, p) => {
        const failCodes: Array<{ Idx: number, Code: number }> = []
        const claims = p.Sectors.map((s, idx) => {
          if (s.Claims.some((c) => c.AllocationId === 0n)) {
            failCodes.push({ Idx: idx, Code: ExitCode.ErrNotFound })
            return null
          }
          return { ClaimedSpace: s.Claims.reduce((sum, c) => sum + BigInt(c.Size), 0n) }
        })
        if (p.AllOrNothing && failCodes.length > 0) rt.abort(ExitCode.ErrIllegalArgument, 'claims for unknown allocations (allocation ID 0)')
        const ok = claims.filter((c): c is { ClaimedSpace: bigint } => c !== null)
        return { SectorResults: { SuccessCount: ok.length, FailCodes: failCodes }, SectorClaims: ok }
      }
    })
  }
})
