// Small CAR files for deal tests.
import { randomBytes } from 'node:crypto'
import { CarWriter } from '@ipld/car'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'

/** A CAR of one raw block of `blockSize` random bytes (1500 fits a 2 KiB piece). */
export async function carFile (blockSize = 1500): Promise<{ bytes: Uint8Array, root: CID }> {
  const block = randomBytes(blockSize)
  const root = CID.create(1, raw.code, await sha256.digest(block))
  const { writer, out } = CarWriter.create([root])
  const chunks: Uint8Array[] = []
  const collected = (async () => { for await (const c of out) chunks.push(c) })()
  await writer.put({ cid: root, bytes: block })
  await writer.close()
  await collected
  return { bytes: Buffer.concat(chunks), root }
}
