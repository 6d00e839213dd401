import { CommonContract } from '../common.js'
import { renderContractDoc } from './docs.js'
import { FullNodeContract, FullNodeV0Contract } from './index.js'

const GENERATED = 'Generated from the contract by `node scripts/gen-api-docs.mjs` (after `npm run build`); ' +
  'a unit test fails when this file and the contract differ. Wire names are `Filecoin.<Method>`; ' +
  'params are positional Lotus JSON; `TipSetKey` params take `null` or `[]` for the head.'

/** The API surface documents under docs/api/: file name and Markdown text. */
export function apiSurfaceDocs (): Array<{ file: string, text: string }> {
  return [
    {
      file: 'common.md',
      text: renderContractDoc(CommonContract, {
        title: 'Common API',
        intro: `Served by every node (full node, miner, markets, worker) on each endpoint. ${GENERATED}`
      })
    },
    {
      file: 'fullnode-v1.md',
      text: renderContractDoc(FullNodeContract, {
        title: 'FullNode API v1 (`/rpc/v1`)',
        intro: `Lotus v1.20's FullNode v1 methods that Nelumbo's full node serves, Common and Net included. ${GENERATED}`
      })
    },
    {
      file: 'fullnode-v0.md',
      text: renderContractDoc(FullNodeV0Contract, {
        title: 'FullNode API v0 (`/rpc/v0`)',
        intro: `Lotus v1.20's FullNode v0 methods: v1 with the v0 forms of message search, randomness and beacon methods. ${GENERATED}`
      })
    }
  ]
}
