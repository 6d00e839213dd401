import { defineContract, method } from '../contract.js'
import { slice } from './types/named.js'
import { Address, Bool, Bytes, KeyInfo, KeyType, Message, Nothing, Signature, SignedMessage, TokenAmount } from './types/scalars.js'

/** Lotus's `Wallet*` methods: the node's keys (api/api_full.go, v1.20). */
export const WalletContract = defineContract({
  WalletNew: method({
    name: 'Filecoin.WalletNew',
    perm: 'write',
    summary: 'Creates a key of the given type ("secp256k1" or "bls") and returns its address.',
    params: [KeyType],
    result: Address
  }),
  WalletHas: method({
    name: 'Filecoin.WalletHas',
    perm: 'write',
    summary: 'Says whether the wallet holds the key of an address.',
    params: [Address],
    result: Bool
  }),
  WalletList: method({
    name: 'Filecoin.WalletList',
    perm: 'write',
    summary: 'Lists the addresses the wallet holds keys for.',
    params: [],
    result: slice(Address)
  }),
  WalletBalance: method({
    name: 'Filecoin.WalletBalance',
    perm: 'read',
    summary: "Returns an address's balance at the head (0 for an address not on chain).",
    params: [Address],
    result: TokenAmount
  }),
  WalletSign: method({
    name: 'Filecoin.WalletSign',
    perm: 'sign',
    summary: 'Signs bytes with the key of an address.',
    params: [Address, Bytes],
    result: Signature
  }),
  WalletSignMessage: method({
    name: 'Filecoin.WalletSignMessage',
    perm: 'sign',
    summary: 'Signs a message with the key of an address and returns the signed message.',
    params: [Address, Message],
    result: SignedMessage
  }),
  WalletVerify: method({
    name: 'Filecoin.WalletVerify',
    perm: 'read',
    summary: 'Checks a signature over bytes against an address.',
    params: [Address, Bytes, Signature],
    result: Bool
  }),
  WalletDefaultAddress: method({
    name: 'Filecoin.WalletDefaultAddress',
    perm: 'write',
    summary: "Returns the wallet's default address.",
    params: [],
    result: Address
  }),
  WalletSetDefault: method({
    name: 'Filecoin.WalletSetDefault',
    perm: 'write',
    summary: "Sets the wallet's default address.",
    params: [Address],
    result: Nothing
  }),
  WalletExport: method({
    name: 'Filecoin.WalletExport',
    perm: 'admin',
    summary: 'Returns the private key of an address.',
    params: [Address],
    result: KeyInfo
  }),
  WalletImport: method({
    name: 'Filecoin.WalletImport',
    perm: 'admin',
    summary: 'Imports a private key and returns its address.',
    params: [KeyInfo],
    result: Address
  }),
  WalletDelete: method({
    name: 'Filecoin.WalletDelete',
    perm: 'admin',
    summary: 'Deletes the key of an address from the wallet.',
    params: [Address],
    result: Nothing
  })
})
