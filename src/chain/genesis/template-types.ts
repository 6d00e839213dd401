/**
 * Lotus's genesis types (lotus `genesis/types.go`): the template `lotus-seed genesis new`
 * writes, the miners `lotus-seed pre-seal` describes, and the self-deals it makes for each
 * pre-sealed sector. Field names and order are Lotus's, so the JSON files match.
 */
import type { Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import type { KeyInfo } from '../../core/crypto/index.js'
import type { RegisteredSealProof } from '../../core/sector/index.js'
import type { TokenAmount } from '../../core/types.js'
import type { NetworkParams } from './network-params.js'

/** market.DealProposal (go-state-types v9) as the pre-seal file carries it. */
export interface GenesisDealProposal {
  PieceCID: CID
  PieceSize: number
  VerifiedDeal: boolean
  Client: Address
  Provider: Address
  /** A string label (Lotus writes the sector's index in the file, "0", "1", …). */
  Label: string
  StartEpoch: number
  EndEpoch: number
  StoragePricePerEpoch: TokenAmount
  ProviderCollateral: TokenAmount
  ClientCollateral: TokenAmount
}

/** genesis.PreSeal: one pre-sealed sector and its self-deal. */
export interface PreSeal {
  CommR: CID
  CommD: CID
  SectorID: number
  Deal: GenesisDealProposal
  /** The deal client's key, used to sign the proposal when genesis publishes it. */
  DealClientKey: KeyInfo
  ProofType: RegisteredSealProof
}

/** genesis.Miner. */
export interface GenesisMiner {
  ID: Address
  Owner: Address
  Worker: Address
  /** A libp2p peer ID (base58btc multihash), e.g. `12D3KooW…`. */
  PeerId: string
  MarketBalance: TokenAmount
  PowerBalance: TokenAmount
  SectorSize: number
  Sectors: PreSeal[]
}

/** genesis.MultisigMeta; read so Lotus-made templates load, refused when building. */
export interface MultisigMeta {
  Signers: Address[]
  Threshold: number
  VestingDuration: number
  VestingStart: number
}

/** genesis.Actor: an account (Meta.Owner is its key address) or a multisig. */
export type GenesisActor =
  | { Type: 'account', Balance: TokenAmount, Meta: { Owner: Address } }
  | { Type: 'multisig', Balance: TokenAmount, Meta: MultisigMeta }

/**
 * genesis.Template plus `NetworkParams`, Nelumbo's devnet parameters (an extra key Lotus's
 * decoder ignores).
 */
export interface GenesisTemplate {
  NetworkVersion: number
  Accounts: GenesisActor[]
  Miners: GenesisMiner[]
  NetworkName: string
  /** Unix seconds; 0 = "when the genesis is made" (omitted from the JSON, as Lotus does). */
  Timestamp: number
  VerifregRootKey: GenesisActor
  RemainderAccount: GenesisActor
  NetworkParams: NetworkParams
}
