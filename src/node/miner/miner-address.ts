/**
 * The miner actor a repo belongs to: `/miner-address` in the metadata datastore, binary address
 * bytes, written by `lotus-miner init` (or restored from a backup) and read at every start.
 */
import { type Address, addressFromBytes } from '../../core/address/index.js'
import { NelumboError } from '../../core/errors.js'
import type { Datastore } from '../../repo/index.js'
import { MetadataKeys } from '../../repo/index.js'

export class NoMinerAddressError extends NelumboError {
  constructor (readonly repoPath: string) {
    super('ERR_NO_MINER_ADDRESS', `repo at '${repoPath}' has no miner address (metadata key ${MetadataKeys.minerAddress.prefix}); run 'lotus-miner init' to set it up`)
  }
}

export function readMinerAddress (ds: Datastore, repoPath: string): Address {
  const bytes = ds.get(MetadataKeys.minerAddress.prefix)
  if (bytes === undefined) throw new NoMinerAddressError(repoPath)
  return addressFromBytes(bytes, `${repoPath} metadata ${MetadataKeys.minerAddress.prefix}`)
}

export function writeMinerAddress (ds: Datastore, address: Address): void {
  ds.put(MetadataKeys.minerAddress.prefix, address.bytes)
}
