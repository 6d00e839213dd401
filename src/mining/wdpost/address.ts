/**
 * The sender of Window PoSt and fault/recovery messages (Lotus storage/ctladdr `AddressFor`
 * with PoStAddr): the miner's on-chain control addresses that no `[Addresses]` list claims for
 * another use, then the worker (unless DisableWorkerFallback with candidates left) and the
 * owner (unless DisableOwnerFallback). The first that belongs to the miner, holds `goodFunds`
 * and whose key the wallet has wins; else the richest above `minFunds`; else the worker.
 */
import { parseAddress, type Address } from '../../core/address/index.js'
import { InvalidInputError } from '../../core/errors.js'
import type { FullNodeApi } from '../../api/fullnode/index.js'
import type { MinerConfig } from '../../repo/config/index.js'
import { TipSetKey } from '../../chain/types/index.js'

export type PoStAddressChainApi = Pick<FullNodeApi, 'StateMinerInfo' | 'StateLookupID' | 'StateAccountKey' | 'WalletBalance' | 'WalletHas'>

const OTHER_USES = ['PreCommitControl', 'CommitControl', 'TerminateControl', 'DealPublishControl'] as const

function configured (cfg: MinerConfig['Addresses']): Set<string> {
  const out = new Set<string>()
  for (const key of OTHER_USES) {
    cfg[key].forEach((s, i) => {
      try {
        out.add(parseAddress(s).toString())
      } catch (err) {
        throw new InvalidInputError('ERR_CONFIG_ADDRESS', `config.toml [Addresses] ${key}[${i}]: ${JSON.stringify(s)} is not an address`, { value: s, source: `Addresses.${key}`, cause: err })
      }
    })
  }
  return out
}

export async function selectPoStAddress (
  chain: PoStAddressChainApi, miner: Address, cfg: MinerConfig['Addresses'], goodFunds: bigint, minFunds: bigint = 0n
): Promise<Address> {
  const tsk = TipSetKey.empty
  const info = await chain.StateMinerInfo(miner, tsk)
  const taken = configured(cfg)
  const candidates = info.ControlAddresses.filter((a) => !a.equals(info.Owner) && !a.equals(info.Worker) && !taken.has(a.toString()))
  if (candidates.length === 0 || !cfg.DisableWorkerFallback) candidates.push(info.Worker)
  if (!cfg.DisableOwnerFallback) candidates.push(info.Owner)

  const allowed = new Set([info.Owner, info.Worker, ...info.ControlAddresses].map((a) => a.toString()))
  let best: { addr: Address, balance: bigint } | undefined
  for (const addr of candidates) {
    const id = await chain.StateLookupID(addr, tsk).catch(() => undefined)
    if (id === undefined || !allowed.has(id.toString())) continue
    const balance = await chain.WalletBalance(addr).catch(() => 0n)
    if (balance >= goodFunds && await walletHasKey(chain, addr)) return addr
    if (balance >= minFunds && (best === undefined || balance > best.balance)) best = { addr, balance }
  }
  return best?.addr ?? info.Worker
}

async function walletHasKey (chain: PoStAddressChainApi, addr: Address): Promise<boolean> {
  try {
    return await chain.WalletHas(await chain.StateAccountKey(addr, TipSetKey.empty))
  } catch {
    return false
  }
}
