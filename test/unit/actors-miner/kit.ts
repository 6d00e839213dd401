// A genesis state with the storage actors and the real miner actor, deterministic randomness,
// the dev proof verifier, and helpers to seal/prove 2 KiB sectors with the dev prover.
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address } from '../../../src/core/address/index.js'
import { decodeCbor, encodeCbor, type CborCodec } from '../../../src/core/cbor/index.js'
import { keyAddress, type KeyInfo } from '../../../src/core/crypto/index.js'
import { MemoryBlockstore } from '../../../src/core/ipld/index.js'
import { zeroPieceCid } from '../../../src/core/piece/index.js'
import { sectorId, RegisteredSealProof } from '../../../src/core/sector/index.js'
import type { ActorId, ChainEpoch, MethodNum, TokenAmount } from '../../../src/core/types.js'
import { CronActorAddr, CronMethods, makeInitialState, newActorRegistry, StoragePowerActorAddr, SystemActorAddr } from '../../../src/chain/actors/index.js'
import { installStorageActors, storageActors, storageCronEntries } from '../../../src/chain/actors/builtin/power/storage-genesis.js'
import { createMinerParamsCbor, createMinerReturnCbor, PowerMethods, readMinerClaim } from '../../../src/chain/actors/builtin/power/index.js'
import {
  devProofVerifier, minerActor, minerStateCbor, newDeadlineInfo, readSectorLocation, type MinerState
} from '../../../src/chain/actors/builtin/miner/index.js'
import { devnetPolicy } from '../../../src/chain/actors/policy.js'
import type { StateTree } from '../../../src/chain/state/index.js'
import { applyImplicitMessage, applyMessage, DomainSeparationTag, type ApplyRet, type Randomness, type VmContext } from '../../../src/chain/vm/index.js'
import { DevProver, addressEntropy, type SectorCids } from '../../../src/proofs/index.js'
import { message, signed, testKey } from '../vm/kit.js'

export const FIL = 10n ** 18n
export const policy = devnetPolicy
export const SealProof = RegisteredSealProof.StackedDrg2KiBV1_1
export const WindowPoStProof = 10

function draw (kind: string, dst: number, epoch: number, entropy: Uint8Array): Uint8Array {
  const out = createHash('sha256').update(kind).update(String(dst)).update(String(epoch)).update(entropy).digest()
  out[31]! &= 0x3f
  return new Uint8Array(out)
}

export const randomness: Randomness = {
  getChainRandomness: async (dst, epoch, entropy) => draw('chain', dst, epoch, entropy),
  getBeaconRandomness: async (dst, epoch, entropy) => draw('beacon', dst, epoch, entropy)
}

export interface SealedSector { number: number, cids: SectorCids, sealedPath: string, cacheDir: string, ticketEpoch: number }

export interface MinerFixture {
  store: MemoryBlockstore
  tree: StateTree
  keys: KeyInfo[]
  addrs: Address[]
  ids: Address[]
  vm: VmContext
  miner: Address
  dir: string
  send: (from: number, to: Address, method: number | bigint, params?: Uint8Array, value?: bigint) => Promise<ApplyRet>
  /** Sends to the miner from account `from` (default 0, owner and worker). */
  call: (method: number, params?: Uint8Array, from?: number, value?: bigint) => Promise<ApplyRet>
  cron: (epoch: number) => Promise<ApplyRet>
  /** Runs the miner's deadline crons due up to `epoch`, then sets the clock there. */
  advanceTo: (epoch: number) => Promise<void>
  state: () => Promise<MinerState>
  balance: (a: Address) => Promise<bigint>
  power: () => Promise<{ raw: bigint, qa: bigint }>
  seal: (n: number, ticketEpoch: number) => Promise<SealedSector>
  proveCommitProof: (s: SealedSector, precommitEpoch: number) => Promise<Uint8Array>
  windowPoSt: (sectors: SealedSector[], challengeEpoch: number) => Promise<Uint8Array>
  location: (n: number) => Promise<{ Deadline: number, Partition: number }>
  cleanup: () => Promise<void>
}

const prover = new DevProver()

export async function minerFixture (): Promise<MinerFixture> {
  const store = new MemoryBlockstore()
  const keys = Array.from({ length: 3 }, (_, i) => testKey(i + 1))
  const addrs = keys.map((k) => keyAddress(k))
  const registry = newActorRegistry([...storageActors, minerActor])
  const init = await makeInitialState(store, {
    networkName: 'testnet',
    accounts: addrs.map((address) => ({ address, balance: (10_000n * FIL) as TokenAmount })),
    cronEntries: storageCronEntries,
    registry
  })
  const tree = init.tree
  const ids = addrs.map((a) => init.accountIds.get(a.toString())!)
  await installStorageActors(tree, { verifiedRegistryRootKey: ids[2]! })
  const vm: VmContext = { epoch: 10 as ChainEpoch, networkVersion: 25, baseFee: 100n as TokenAmount, registry, randomness, proofs: devProofVerifier() }
  const nonces = addrs.map(() => 0n)
  const dir = await mkdtemp(join(tmpdir(), 'nelumbo-miner-'))
  const send = async (from: number, to: Address, method: number | bigint, params: Uint8Array = new Uint8Array(0), value = 0n): Promise<ApplyRet> => {
    const m = message({
      From: addrs[from]!, To: to, Nonce: nonces[from]!, Method: BigInt(method) as MethodNum, Params: params,
      Value: value as TokenAmount, GasLimit: 10_000_000_000n
    })
    const ret = await applyMessage(tree, signed(m, keys[from]!), vm)
    nonces[from]!++
    return ret
  }
  const created = await send(0, StoragePowerActorAddr, PowerMethods.CreateMiner, encodeCbor(createMinerParamsCbor, {
    Owner: addrs[0]!, Worker: addrs[0]!, WindowPoStProofType: WindowPoStProof, Peer: new Uint8Array([1, 2, 3]), Multiaddrs: []
  }))
  if (created.receipt.ExitCode !== 0) throw new Error(`CreateMiner failed: ${created.error ?? created.receipt.ExitCode}`)
  const miner = decodeCbor(createMinerReturnCbor, created.receipt.Return).IDAddress
  const readState = async <S>(a: Address, codec: CborCodec<S>): Promise<S> => decodeCbor(codec, (await store.get((await tree.getActor(a))!.Head))!)
  const state = async (): Promise<MinerState> => await readState(miner, minerStateCbor)
  const cron = async (epoch: number): Promise<ApplyRet> => {
    vm.epoch = epoch as ChainEpoch
    return await applyImplicitMessage(tree, message({ From: SystemActorAddr, To: CronActorAddr, Method: BigInt(CronMethods.EpochTick) as MethodNum, GasLimit: 1n << 50n }), vm)
  }
  const f: MinerFixture = {
    store, tree, keys, addrs, ids, vm, miner, dir, send, cron, state,
    call: async (method, params, from = 0, value = 0n) => await send(from, miner, method, params, value),
    advanceTo: async (epoch) => {
      for (;;) {
        const st = await state()
        if (!st.DeadlineCronActive) break
        const next = newDeadlineInfo(policy, st.ProvingPeriodStart, st.CurrentDeadline, vm.epoch).Close - 1
        if (next > epoch) break
        const ret = await cron(Math.max(next, vm.epoch))
        if (ret.receipt.ExitCode !== 0) throw new Error(`cron failed: ${ret.error ?? ''}`)
      }
      vm.epoch = epoch as ChainEpoch
    },
    balance: async (a) => (await tree.getActor(a))!.Balance,
    power: async () => {
      const c = await readMinerClaim(tree, miner)
      return { raw: c?.RawBytePower ?? 0n, qa: c?.QualityAdjPower ?? 0n }
    },
    seal: async (n, ticketEpoch) => {
      const unsealedPath = join(dir, `unsealed-${n}`)
      const sealedPath = join(dir, `sealed-${n}`)
      const cacheDir = join(dir, `cache-${n}`)
      await writeFile(unsealedPath, new Uint8Array(2048))
      const sector = sectorId(miner.id(), n)
      const ticket = draw('chain', DomainSeparationTag.SealRandomness, ticketEpoch, addressEntropy(miner))
      const pc1 = await prover.sealPreCommit1({
        proofType: SealProof, sector, ticket, pieces: [{ size: 2048, pieceCid: zeroPieceCid(2048) }], unsealedPath, sealedPath, cacheDirPath: cacheDir
      } as never)
      const cids = await prover.sealPreCommit2({ phase1Output: pc1, sealedPath, cacheDirPath: cacheDir })
      return { number: n, cids, sealedPath, cacheDir, ticketEpoch }
    },
    proveCommitProof: async (s, precommitEpoch) => {
      const ticket = draw('chain', DomainSeparationTag.SealRandomness, s.ticketEpoch, addressEntropy(miner))
      const seed = draw('beacon', DomainSeparationTag.InteractiveSealChallengeSeed, precommitEpoch + policy.PreCommitChallengeDelay, addressEntropy(miner))
      return await prover.sealCommit({
        proofType: SealProof, sector: sectorId(miner.id(), s.number), ticket, seed, cids: s.cids, sealedPath: s.sealedPath, cacheDirPath: s.cacheDir
      })
    },
    windowPoSt: async (sectors, challengeEpoch) => {
      const rand = draw('beacon', DomainSeparationTag.WindowedPoStChallengeSeed, challengeEpoch, addressEntropy(miner))
      const proofs = await prover.generateWindowPoSt({
        miner: miner.id() as ActorId,
        randomness: rand,
        sectors: sectors.map((s) => ({ sealProof: SealProof, sectorNumber: s.number as never, sealedCid: s.cids.sealed, sealedSectorPath: s.sealedPath, cacheDirPath: s.cacheDir }))
      })
      return proofs[0]!.proofBytes
    },
    location: async (n) => {
      const loc = await readSectorLocation(store, await state(), n)
      if (loc === null) throw new Error(`sector ${n} has no location`)
      return loc
    },
    cleanup: async () => { await rm(dir, { recursive: true, force: true }) }
  }
  return f
}

/** Chain-commit randomness as the fake chain draws it. */
export function chainCommitRand (epoch: number): Uint8Array {
  return draw('chain', DomainSeparationTag.PoStChainCommit, epoch, new Uint8Array(0))
}
