// Writes docs/api/*.md from the API contracts. Run after `npm run build`:
//   node scripts/gen-api-docs.mjs
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { apiSurfaceDocs } = await import(join(root, 'dist/src/api/fullnode/surface.js'))
const out = join(root, 'docs/api')
mkdirSync(out, { recursive: true })
for (const { file, text } of apiSurfaceDocs()) {
  writeFileSync(join(out, file), text)
  console.log(`wrote docs/api/${file}`)
}
