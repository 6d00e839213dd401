/**
 * The provider's current storage ask: made on first start, changed by `MarketSetAsk`, kept
 * in the metadata datastore at `/deals/provider/storage-ask/latest` (so it travels in backups) and signed by
 * the miner's worker key through the full node's wallet, as Boost's `storedask` does.
 */
import type { FullNodeApi } from '../../api/fullnode/index.js'
import { TipSetKey } from '../../chain/types/index.js'
import type { Address } from '../../core/address/index.js'
import { decodeCbor, encodeCbor } from '../../core/cbor/index.js'
import { InvalidInputError } from '../../core/errors.js'
import type { PaddedPieceSize } from '../../core/piece/index.js'
import { type ChainEpoch, type TokenAmount, tokenAmount } from '../../core/types.js'
import type { Datastore } from '../../repo/datastore.js'
import { MetadataKeys } from '../../repo/keys.js'
import { type SignedStorageAsk, type StorageAsk, signedStorageAskCbor, storageAskCbor } from '../../protocols/ask.js'

/** Where Lotus's provider keeps it: under the deal FSM prefix, so `lotus-shed market export-datastore` carries it. */
export const STORED_ASK_KEY = `${MetadataKeys.storageAsk.prefix}/latest`

/** Boost's first-start ask (`storedask.go`); the max piece size is capped at the sector size. */
export const DefaultAsk = {
  price: tokenAmount(50_000_000n),
  verifiedPrice: tokenAmount(5_000_000n),
  duration: 1_000_000,
  minPieceSize: 256,
  maxPieceSize: 32 * 2 ** 30
} as const

export type StoredAskChain = Pick<FullNodeApi, 'ChainHead' | 'StateMinerInfo' | 'StateAccountKey' | 'WalletSign'>

export interface AskTerms {
  price: TokenAmount
  verifiedPrice: TokenAmount
  /** Epochs from now the ask stays good for. */
  duration: number
  minPieceSize: number
  maxPieceSize: number
}

export class StoredAsk {
  private current: SignedStorageAsk | undefined
  /** Changes run one at a time, as Boost's `askLk`: each takes the sequence number after the last. */
  private changing: Promise<unknown> = Promise.resolve()

  constructor (
    private readonly deps: { chain: StoredAskChain, datastore: Datastore },
    private readonly options: { miner: Address, sectorSize: number }
  ) {}

  /** Loads the stored ask, or makes, signs and stores the default one. */
  async start (): Promise<void> {
    const raw = this.deps.datastore.get(STORED_ASK_KEY)
    if (raw !== undefined) {
      this.current = decodeCbor(signedStorageAskCbor, raw, `datastore ${STORED_ASK_KEY}`)
      return
    }
    await this.set({ ...DefaultAsk, maxPieceSize: Math.min(DefaultAsk.maxPieceSize, this.options.sectorSize) })
  }

  get (): SignedStorageAsk | undefined {
    return this.current
  }

  /** Replaces the ask (sequence number + 1), signed and stored before it is returned. */
  async set (terms: AskTerms): Promise<SignedStorageAsk> {
    checkTerms(terms, this.options.sectorSize)
    const change = this.changing.then(async () => await this.replace(terms))
    this.changing = change.catch(() => {})
    return await change
  }

  private async replace (terms: AskTerms): Promise<SignedStorageAsk> {
    const head = await this.deps.chain.ChainHead()
    const ask: StorageAsk = {
      Price: terms.price,
      VerifiedPrice: terms.verifiedPrice,
      MinPieceSize: terms.minPieceSize as PaddedPieceSize,
      MaxPieceSize: terms.maxPieceSize as PaddedPieceSize,
      Miner: this.options.miner,
      Timestamp: head.height as ChainEpoch,
      Expiry: (head.height + terms.duration) as ChainEpoch,
      SeqNo: this.current === undefined ? 0 : this.current.Ask.SeqNo + 1
    }
    const signed: SignedStorageAsk = { Ask: ask, Signature: await this.sign(ask) }
    this.deps.datastore.put(STORED_ASK_KEY, encodeCbor(signedStorageAskCbor, signed))
    this.current = signed
    return signed
  }

  private async sign (ask: StorageAsk): Promise<SignedStorageAsk['Signature']> {
    const info = await this.deps.chain.StateMinerInfo(this.options.miner, TipSetKey.empty)
    const key = await this.deps.chain.StateAccountKey(info.Worker, TipSetKey.empty)
    return await this.deps.chain.WalletSign(key, encodeCbor(storageAskCbor, ask))
  }
}

function checkTerms (t: AskTerms, sectorSize: number): void {
  const where = 'MarketSetAsk'
  if (t.price < 0n) throw new InvalidInputError('ERR_ASK_PRICE', `price must not be negative, got ${t.price}`, { value: t.price, source: `${where} price` })
  if (t.verifiedPrice < 0n) throw new InvalidInputError('ERR_ASK_PRICE', `verified price must not be negative, got ${t.verifiedPrice}`, { value: t.verifiedPrice, source: `${where} verifiedPrice` })
  if (!Number.isSafeInteger(t.duration) || t.duration <= 0) {
    throw new InvalidInputError('ERR_ASK_DURATION', `duration must be a positive number of epochs, got ${t.duration}`, { value: t.duration, source: `${where} duration` })
  }
  if (t.minPieceSize < 256) {
    throw new InvalidInputError('ERR_ASK_PIECE_SIZE', `minimum piece size (w/bit-padding) is 256B, got ${t.minPieceSize}`, { value: t.minPieceSize, source: `${where} minPieceSize` })
  }
  if (t.maxPieceSize > sectorSize) {
    throw new InvalidInputError('ERR_ASK_PIECE_SIZE', `max piece size (w/bit-padding) ${t.maxPieceSize} cannot exceed miner sector size ${sectorSize}`, { value: t.maxPieceSize, source: `${where} maxPieceSize` })
  }
  if (t.minPieceSize > t.maxPieceSize) {
    throw new InvalidInputError('ERR_ASK_PIECE_SIZE', `minimum piece size ${t.minPieceSize} exceeds the maximum ${t.maxPieceSize}`, { value: t.minPieceSize, source: `${where} minPieceSize` })
  }
}
