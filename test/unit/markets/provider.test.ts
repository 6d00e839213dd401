import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Connection, StreamHandler } from '@libp2p/interface'
import { streamPair } from '@libp2p/utils'
import { newIdAddress, type Address } from '../../../src/core/address/index.js'
import { encodeCbor } from '../../../src/core/cbor/index.js'
import { generateKey, keyAddress, sign, verify } from '../../../src/core/crypto/index.js'
import { tokenAmount } from '../../../src/core/types.js'
import { LogRegistry } from '../../../src/log/index.js'
import { MarketsProvider, STORED_ASK_KEY } from '../../../src/markets/index.js'
import { ASK_PROTOCOL, DEAL_PROTOCOLS, DEAL_STATUS_PROTOCOL, storageAskCbor, queryAskOverStream } from '../../../src/protocols/index.js'
import type { MarketsProviderDeps } from '../../../src/markets/provider.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultsOf, minerConfigSchema, type MinerConfig } from '../../../src/repo/index.js'
import { openSqliteDatastore } from '../../../src/repo/datastore.js'
import '../../../src/node/common/polyfills.js'

const MINER = newIdAddress(1000)

describe('MarketsProvider', () => {
  test('start makes the ask and serves it over the ask protocol; the API reads and changes it; stop unhandles', async () => {
    const key = generateKey('secp256k1')
    let height = 42
    const chain = {
      ChainHead: async () => ({ height }),
      StateMinerInfo: async () => ({ Worker: newIdAddress(1001) }),
      StateAccountKey: async () => keyAddress(key),
      WalletSign: async (_a: Address, data: Uint8Array) => sign(key, data)
    } as unknown as MarketsProviderDeps['chain']
    const handlers = new Map<string, StreamHandler>()
    const unhandled: string[] = []
    const host = {
      handle: async (protocol: string | string[], h: StreamHandler) => { handlers.set(String(protocol), h) },
      unhandle: async (protocol: string | string[]) => { unhandled.push(String(protocol)) }
    }
    const datastore = openSqliteDatastore(':memory:')
    const staging = mkdtempSync(join(tmpdir(), 'nelumbo-staging-'))
    const config = defaultsOf(minerConfigSchema) as MinerConfig
    const log = new LogRegistry({ levels: 'error', sink: { write: () => {} } }).logger('markets')
    try {
      const p = new MarketsProvider({ chain, sealer: {} as never, datastore, host: host as never, config: () => config, log },
        { miner: MINER, sectorSize: 2048, stagingDir: staging, blockDelaySecs: 1 })
      assert.equal(await p.api().MarketGetAsk(), null, 'no ask before start')
      await p.start()
      assert.deepEqual([...handlers.keys()], [ASK_PROTOCOL, ...DEAL_PROTOCOLS, DEAL_STATUS_PROTOCOL])
      assert.deepEqual(await p.api().MarketListProviderDeals(), [])
      const first = await p.api().MarketGetAsk()
      assert.ok(first !== null)
      assert.equal(first.Ask.SeqNo, 0)
      assert.equal(first.Ask.MaxPieceSize, 2048)
      assert.equal(first.Ask.Timestamp, 42)
      assert.ok(datastore.has(STORED_ASK_KEY))

      height = 50
      await p.api().MarketSetAsk(tokenAmount(9n), tokenAmount(1n), 100 as never, 512 as never, 1024 as never)
      const now = await p.api().MarketGetAsk()
      assert.equal(now!.Ask.SeqNo, 1)
      assert.equal(now!.Ask.Price, 9n)
      assert.equal(now!.Ask.Expiry, 150)
      await assert.rejects(p.api().MarketSetAsk(tokenAmount(9n), tokenAmount(1n), 100 as never, 512 as never, 4096 as never), /cannot exceed miner sector size 2048/)

      // The registered handler answers with the current ask.
      const [client, server] = await streamPair()
      const served = handlers.get(ASK_PROTOCOL)!(server, { remotePeer: { toString: () => 'peer' } } as unknown as Connection)
      const got = await queryAskOverStream(client, MINER)
      await served
      assert.equal(got!.Ask.SeqNo, 1)
      assert.ok(verify(got!.Signature, keyAddress(key), encodeCbor(storageAskCbor, got!.Ask)))

      await p.stop()
      assert.deepEqual(unhandled, [ASK_PROTOCOL, ...DEAL_PROTOCOLS, DEAL_STATUS_PROTOCOL])
    } finally {
      datastore.close()
      rmSync(staging, { recursive: true, force: true })
    }
  })
})
