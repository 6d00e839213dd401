// Shared fixtures for the genesis tests.
import { newIdAddress } from '../../../src/core/address/index.js'
import { generateKey, keyAddress } from '../../../src/core/crypto/index.js'
import { parseCid } from '../../../src/core/cid.js'
import type { TokenAmount } from '../../../src/core/types.js'
import type { GenesisMiner } from '../../../src/chain/genesis/index.js'

const commD = parseCid('baga6ea4seaqmjn72f2zkkev6ogfnrn4g6hpb6q5eocp4xgvolmc4bednkogn4ny')
const commR = parseCid('bagboea4seaqekvnfvonamanu54pfywglpqwftr4iz6zog7dhcq7ailbghm4uqmy')

/** A genesis miner with one (unsealed-in-fact) 2 KiB sector, for template logic only. */
export function fakeMiner (id: bigint, sectorSize = 2048): GenesisMiner {
  const key = generateKey('bls')
  const owner = keyAddress(key)
  const zero = 0n as TokenAmount
  return {
    ID: newIdAddress(id),
    Owner: owner,
    Worker: owner,
    PeerId: '12D3KooWMTVZwcSEkkFMNfRVNEu45taKwGzCHb3wpqPietHExzdP',
    MarketBalance: zero,
    PowerBalance: zero,
    SectorSize: sectorSize,
    Sectors: [{
      CommR: commR,
      CommD: commD,
      SectorID: 0,
      Deal: {
        PieceCID: commD, PieceSize: sectorSize, VerifiedDeal: false, Client: owner, Provider: newIdAddress(id), Label: '0',
        StartEpoch: 0, EndEpoch: 9001, StoragePricePerEpoch: zero, ProviderCollateral: zero, ClientCollateral: zero
      },
      DealClientKey: key,
      ProofType: 5
    }]
  }
}
