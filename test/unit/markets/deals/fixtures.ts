// Shared fakes for the storage-deal unit tests: a client key, signed proposals, CAR files, config.
import { randomBytes } from 'node:crypto'
import { type ClientDealProposal, type DealProposal, dealProposalCbor } from '../../../../src/chain/actors/builtin/market/types.js'
import { newIdAddress } from '../../../../src/core/address/index.js'
import { encodeCbor } from '../../../../src/core/cbor/index.js'
import { generateKey, keyAddress, sign, type KeyInfo } from '../../../../src/core/crypto/index.js'
import { pieceCommitmentOf } from '../../../../src/core/piece/index.js'
import type { ChainEpoch, TokenAmount } from '../../../../src/core/types.js'
import { LogRegistry, type Logger } from '../../../../src/log/index.js'
import { defaultsOf, minerConfigSchema, type MinerConfig } from '../../../../src/repo/index.js'

export const MINER = newIdAddress(1000)
export const WORKER = newIdAddress(1001)
export const CLIENT_KEY: KeyInfo = generateKey('secp256k1')
export const CLIENT = keyAddress(CLIENT_KEY)

/** Head 100, 30 s epochs: with the default 24h ExpectedSealDuration the earliest start is 2980. */
export const HEAD = 100
export const BLOCK_DELAY = 30
export const START = 5000

export function quietLog (): Logger {
  return new LogRegistry({ levels: 'error', sink: { write: () => {} } }).logger('deals-test')
}

export function minerConfig (change: Partial<MinerConfig['Dealmaking']> = {}): MinerConfig {
  const c = defaultsOf(minerConfigSchema) as MinerConfig
  return { ...c, Dealmaking: { ...c.Dealmaking, ...change } }
}

export { carFile } from '../../../kit/car.js'

export const SAMPLE_PIECE = pieceCommitmentOf(randomBytes(1500))

/** A proposal that passes every check against `fakeChain()` defaults; `change` applied before signing. */
export function proposal (change: Partial<DealProposal> = {}): DealProposal {
  return {
    PieceCID: SAMPLE_PIECE.pieceCid,
    PieceSize: Number(SAMPLE_PIECE.pieceSize),
    VerifiedDeal: false,
    Client: CLIENT,
    Provider: MINER,
    Label: 'unit test deal',
    StartEpoch: START as ChainEpoch,
    EndEpoch: (START + 518_400) as ChainEpoch,
    StoragePricePerEpoch: 1000n as TokenAmount,
    ProviderCollateral: 150n as TokenAmount,
    ClientCollateral: 0n as TokenAmount,
    ...change
  }
}

export function signed (p: DealProposal, key: KeyInfo = CLIENT_KEY): ClientDealProposal {
  return { Proposal: p, ClientSignature: sign(key, encodeCbor(dealProposalCbor, p)) }
}

export interface ChainKnobs {
  height: number
  min: bigint
  max: bigint
  escrow: bigint
  locked: bigint
  datacap: bigint | null
}

/** The validation view of a full node; `knobs` may be changed between calls. */
export function fakeValidationChain (knobs: Partial<ChainKnobs> = {}): { chain: Record<string, unknown>, knobs: ChainKnobs } {
  const k: ChainKnobs = { height: HEAD, min: 100n, max: 10_000n, escrow: 10n ** 18n, locked: 0n, datacap: null, ...knobs }
  const chain = {
    ChainHead: async () => ({ height: k.height }),
    StateAccountKey: async () => CLIENT,
    StateDealProviderCollateralBounds: async () => ({ Min: k.min, Max: k.max }),
    StateMarketBalance: async () => ({ Escrow: k.escrow, Locked: k.locked }),
    StateVerifiedClientStatus: async () => k.datacap
  }
  return { chain, knobs: k }
}
