/**
 * Market* fund methods (Lotus `node/impl/full/market.go` over `chain/market/fundmanager.go`):
 * escrow top-ups and withdrawals as messages to the market actor (f05), and the node's
 * reservations of escrow for deals in progress. Reservations are kept in the metadata datastore
 * under `/fundmgr/<address>` so a restart does not forget funds promised to a deal. A
 * reservation beyond the escrow (and the top-ups still in flight) sends the difference.
 */
import type { Address } from '../../../core/address/index.js'
import { encodeCbor } from '../../../core/cbor/index.js'
import { type CID, parseCid } from '../../../core/cid.js'
import type { Message } from '../../../core/message/index.js'
import { signedMessageCid } from '../../../core/message/index.js'
import type { MethodNum, TokenAmount } from '../../../core/types.js'
import { StorageMarketActorAddr } from '../../../chain/actors/index.js'
import {
  addBalanceParamsCbor, MarketMethods, readMarketBalance, withdrawBalanceParamsCbor
} from '../../../chain/actors/builtin/market/index.js'
import type { MessagePusher } from '../../../chain/mpool/index.js'
import type { NodeChain } from '../node-chain.js'

export interface MarketFundsDeps {
  chain: NodeChain
  pusher: MessagePusher
  /** Where reservations persist (the repo's metadata datastore). */
  datastore: {
    get: (key: string) => Uint8Array | undefined
    put: (key: string, value: Uint8Array) => void
    delete: (key: string) => void
  }
}

const FundsPrefix = '/fundmgr/'

export function marketFundsApi (deps: MarketFundsDeps) {
  const { chain, pusher, datastore } = deps
  /** Top-ups sent and not yet seen executed, per escrow address. */
  const inFlight = new Map<string, Map<string, bigint>>()

  const reserved = (addr: Address): bigint => {
    const v = datastore.get(FundsPrefix + addr.toString())
    return v === undefined ? 0n : BigInt(new TextDecoder().decode(v))
  }
  const setReserved = (addr: Address, amt: bigint): void => {
    if (amt <= 0n) datastore.delete(FundsPrefix + addr.toString())
    else datastore.put(FundsPrefix + addr.toString(), new TextEncoder().encode(amt.toString()))
  }
  const send = async (from: Address, method: number, value: bigint, params: Uint8Array): Promise<CID> => {
    const msg: Message = {
      Version: 0,
      To: StorageMarketActorAddr,
      From: from,
      Nonce: 0n,
      Value: value as TokenAmount,
      GasLimit: 0n,
      GasFeeCap: 0n as TokenAmount,
      GasPremium: 0n as TokenAmount,
      Method: BigInt(method) as MethodNum,
      Params: params
    }
    const smsg = await pusher.pushMessage(msg)
    await chain.store.putMessage(smsg)
    return signedMessageCid(smsg)
  }
  const addBalance = async (wallet: Address, addr: Address, amt: bigint): Promise<CID> =>
    await send(wallet, MarketMethods.AddBalance, amt, encodeCbor(addBalanceParamsCbor, addr))
  /** Top-ups of `addr` still on their way: those executed since are dropped. */
  const pendingTopUps = async (addr: Address): Promise<bigint> => {
    const m = inFlight.get(addr.toString())
    if (m === undefined) return 0n
    let sum = 0n
    for (const [cidText, amt] of [...m]) {
      const found = await chain.searchMessage(parseCid(cidText))
      if (found !== undefined) m.delete(cidText)
      else sum += amt
    }
    return sum
  }

  return {
    MarketAddBalance: async (wallet: Address, addr: Address, amt: TokenAmount): Promise<CID> => await addBalance(wallet, addr, amt),

    MarketGetReserved: async (addr: Address): Promise<TokenAmount> => reserved(addr) as TokenAmount,

    MarketReserveFunds: async (wallet: Address, addr: Address, amt: TokenAmount): Promise<CID | null> => {
      const total = reserved(addr) + amt
      setReserved(addr, total)
      const tree = await chain.stateAt(chain.head())
      const escrow = (await readMarketBalance(tree, addr)).Escrow
      const deficit = total - escrow - await pendingTopUps(addr)
      if (deficit <= 0n) return null
      const cid = await addBalance(wallet, addr, deficit)
      const m = inFlight.get(addr.toString()) ?? new Map<string, bigint>()
      m.set(cid.toString(), deficit)
      inFlight.set(addr.toString(), m)
      return cid
    },

    MarketReleaseFunds: async (addr: Address, amt: TokenAmount): Promise<void> => {
      setReserved(addr, reserved(addr) - amt)
    },

    MarketWithdraw: async (wallet: Address, addr: Address, amt: TokenAmount): Promise<CID> =>
      await send(wallet, MarketMethods.WithdrawBalance, 0n, encodeCbor(withdrawBalanceParamsCbor, { ProviderOrClientAddress: addr, Amount: amt }))
  }
}
