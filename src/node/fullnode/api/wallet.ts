/**
 * Wallet* methods (Lotus `node/impl/full/wallet.go`): keys in the repo keystore; an ID address
 * is resolved to its key address before signing; a balance is 0 for an address with no actor.
 */
import { Protocol, type Address } from '../../../core/address/index.js'
import type { KeyInfo, KeyType, Signature } from '../../../core/crypto/index.js'
import type { Message, SignedMessage } from '../../../core/message/index.js'
import type { TokenAmount } from '../../../core/types.js'
import type { LocalWallet } from '../../../chain/wallet/index.js'
import type { NodeChain } from '../node-chain.js'

export interface WalletApiDeps {
  chain: NodeChain
  wallet: LocalWallet
}

export function walletApi (deps: WalletApiDeps) {
  const { wallet, chain } = deps
  const keyOf = async (addr: Address): Promise<Address> =>
    addr.protocol === Protocol.ID ? await chain.accountKey(addr) : addr
  return {
    WalletNew: async (type: KeyType): Promise<Address> => wallet.walletNew(type),
    WalletHas: async (addr: Address): Promise<boolean> => wallet.walletHas(addr),
    WalletList: async (): Promise<Address[]> => wallet.walletList(),
    WalletBalance: async (addr: Address): Promise<TokenAmount> =>
      (await chain.findActor(addr))?.Balance ?? (0n as TokenAmount),
    WalletSign: async (addr: Address, data: Uint8Array): Promise<Signature> => wallet.walletSign(await keyOf(addr), data),
    WalletSignMessage: async (addr: Address, msg: Message): Promise<SignedMessage> =>
      wallet.walletSignMessage(await keyOf(addr), msg),
    WalletVerify: async (addr: Address, data: Uint8Array, sig: Signature): Promise<boolean> =>
      wallet.walletVerify(await keyOf(addr), data, sig),
    WalletDefaultAddress: async (): Promise<Address> => wallet.walletDefaultAddress(),
    WalletSetDefault: async (addr: Address): Promise<void> => { wallet.setDefault(addr) },
    WalletExport: async (addr: Address): Promise<KeyInfo> => wallet.walletExport(addr),
    WalletImport: async (ki: KeyInfo): Promise<Address> => wallet.walletImport(ki),
    WalletDelete: async (addr: Address): Promise<void> => { wallet.walletDelete(addr) }
  }
}
