/** Provider deals in the metadata datastore, one record per deal under `/deals/provider/deals/<uuid>`. */
import { decodeCbor, encodeCbor } from '../../core/cbor/index.js'
import type { Datastore } from '../../repo/datastore.js'
import { MetadataKeys } from '../../repo/keys.js'
import { type ProviderDeal, providerDealCbor } from './deal.js'
import { uuidString } from '../../protocols/deals.js'

const PREFIX = MetadataKeys.providerDealRecords.prefix

export class DealStore {
  constructor (private readonly ds: Datastore) {}

  put (deal: ProviderDeal): void {
    this.ds.put(`${PREFIX}/${uuidString(deal.DealUUID)}`, encodeCbor(providerDealCbor, deal))
  }

  get (uuid: Uint8Array): ProviderDeal | undefined {
    const key = `${PREFIX}/${uuidString(uuid)}`
    const raw = this.ds.get(key)
    return raw === undefined ? undefined : decodeCbor(providerDealCbor, raw, `datastore ${key}`)
  }

  list (): ProviderDeal[] {
    return [...this.ds.query({ prefix: PREFIX })].map((e) => decodeCbor(providerDealCbor, e.value, `datastore ${e.key}`))
  }
}
