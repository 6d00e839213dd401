/**
 * Which address sends a sealing message (Lotus storage/ctladdr/addresses.go `AddressFor`):
 * the `[Addresses]` list for the use, then the worker and owner fallbacks; the first candidate
 * that is a control address of the miner, holds `goodFunds` and whose key the wallet has wins,
 * else the richest above `minFunds`, else the worker.
 */
import { type Address, parseAddress } from '../core/address/index.js'
import { InvalidInputError } from '../core/errors.js'
import type { TokenAmount } from '../core/types.js'
import type { FullNodeApi } from '../api/fullnode/index.js'
import type { MinerConfig } from '../repo/config/index.js'
import { TipSetKey } from '../chain/types/index.js'

export type AddrUse = 'PreCommit' | 'Commit' | 'Terminate' | 'DealPublish' | 'PoSt'

export type AddressChainApi = Pick<FullNodeApi, 'StateMinerInfo' | 'StateLookupID' | 'StateAccountKey' | 'WalletBalance' | 'WalletHas'>

const LIST_BY_USE: Record<Exclude<AddrUse, 'PoSt'>, 'PreCommitControl' | 'CommitControl' | 'TerminateControl' | 'DealPublishControl'> = {
  PreCommit: 'PreCommitControl',
  Commit: 'CommitControl',
  Terminate: 'TerminateControl',
  DealPublish: 'DealPublishControl'
}

function parseList (cfg: MinerConfig['Addresses'], key: keyof typeof cfg): Address[] {
  const list = cfg[key]
  if (!Array.isArray(list)) return []
  return list.map((s, i) => {
    try {
      return parseAddress(s)
    } catch (err) {
      throw new InvalidInputError('ERR_CONFIG_ADDRESS', `config.toml [Addresses] ${key}[${i}]: ${JSON.stringify(s)} is not an address`, { value: s, source: `Addresses.${key}`, cause: err })
    }
  })
}

/** Picks the sending address for `use`; see the module comment for the rules. */
export async function selectSealingAddress (
  chain: AddressChainApi, miner: Address, cfg: MinerConfig['Addresses'], use: AddrUse, goodFunds: TokenAmount, minFunds: TokenAmount
): Promise<Address> {
  const tsk = TipSetKey.empty
  const info = await chain.StateMinerInfo(miner, tsk)
  let candidates: Address[]
  if (use === 'PoSt') {
    const configured = new Set((['PreCommitControl', 'CommitControl', 'TerminateControl', 'DealPublishControl'] as const)
      .flatMap((k) => parseList(cfg, k)).map((a) => a.toString()))
    candidates = info.ControlAddresses.filter((a) => !a.equals(info.Owner) && !a.equals(info.Worker) && !configured.has(a.toString()))
  } else {
    candidates = parseList(cfg, LIST_BY_USE[use])
  }
  const configuredNone = candidates.length === 0
  if (candidates.length === 0 || !cfg.DisableWorkerFallback) candidates.push(info.Worker)
  if (!cfg.DisableOwnerFallback) candidates.push(info.Owner)
  if (configuredNone && use !== 'PoSt') return info.Worker

  const allowed = new Set([info.Owner, info.Worker, ...info.ControlAddresses].map((a) => a.toString()))
  let best: { addr: Address, balance: bigint } | undefined
  for (const addr of candidates) {
    const id = await chain.StateLookupID(addr, tsk).catch(() => undefined)
    if (id === undefined || !allowed.has(id.toString())) continue
    const balance = await chain.WalletBalance(addr)
    if (balance >= goodFunds && await hasKey(chain, addr)) return addr
    if (balance >= minFunds && (best === undefined || balance > best.balance)) best = { addr, balance }
  }
  return best?.addr ?? info.Worker
}

/** Whether the wallet holds the key behind `addr` (an ID address is resolved to its key first). */
async function hasKey (chain: AddressChainApi, addr: Address): Promise<boolean> {
  try {
    const key = await chain.StateAccountKey(addr, TipSetKey.empty)
    return await chain.WalletHas(key)
  } catch {
    return false
  }
}
