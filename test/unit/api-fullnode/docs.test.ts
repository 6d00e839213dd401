// The committed API surface docs (docs/api/) are what the contracts generate: a contract change
// without `node scripts/gen-api-docs.mjs` (or a hand edit of a doc) fails here.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { apiSurfaceDocs } from '../../../src/api/fullnode/surface.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')

for (const { file, text } of apiSurfaceDocs()) {
  test(`docs/api/${file} is up to date (regenerate with node scripts/gen-api-docs.mjs)`, () => {
    const committed = readFileSync(join(root, 'docs/api', file), 'utf8')
    assert.equal(committed, text)
  })
}

test('the docs list every method with its permission', () => {
  const v1 = apiSurfaceDocs().find((d) => d.file === 'fullnode-v1.md')
  assert.ok(v1 !== undefined)
  assert.match(v1.text, /^\| `StateWaitMsg` \| read \| `Cid, uint64, ChainEpoch, bool` \| `\*MsgLookup` \|/m)
  assert.match(v1.text, /^\| `ChainNotify` \| read \| — \| `<-chan \[\]HeadChange` \|/m)
  assert.match(v1.text, /^\| `MpoolPushMessage` \| sign \| `Message, \*MessageSendSpec` \| `SignedMessage` \|/m)
})
