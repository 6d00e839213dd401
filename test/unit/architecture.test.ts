// The layering table of ARCHITECTURE.md, enforced: inner layers never import outer ones, the
// transport knows nothing about Filecoin, and domains reach each other only through API contracts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const src = join(root, 'src')

/** Top-level folder of src/ a file belongs to (`core`, `rpc`, …); files directly in src/ are `root`. */
function layerOf (file: string): string {
  const rel = relative(src, file).split(/[\\/]/)
  return rel.length > 1 ? rel[0] ?? 'root' : 'root'
}

function tsFiles (dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return tsFiles(p)
    return name.endsWith('.ts') ? [p] : []
  })
}

interface Import { from: string, spec: string, target: string | undefined }

function importsOf (file: string): Import[] {
  const text = readFileSync(file, 'utf8')
  const out: Import[] = []
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
    const spec = m[1] ?? m[2]
    if (spec == null) continue
    const target = spec.startsWith('.') ? resolve(dirname(file), spec) : undefined
    out.push({ from: file, spec, target })
  }
  return out
}

/** What each layer may import from inside src/ (besides itself). */
const allowedLayers: Record<string, readonly string[]> = {
  core: [],
  proofs: ['core'],
  api: ['core'],
  auth: ['core', 'api'],
  rpc: ['core', 'api'],
  log: ['core'],
  metrics: ['core', 'log', 'api', 'rpc'],
  repo: ['core', 'log'],
  chain: ['core', 'proofs', 'api', 'log', 'metrics'],
  // The libp2p protocols' wire formats: values and codecs (the market actor's deal types among them).
  protocols: ['core', 'chain']
}

/** Chain modules that are values and codecs only (no execution), which API contracts may describe. */
const chainValueModules = ['types', 'state/actor.js', 'vm/receipt.js', 'vm/exitcode.js', 'actors/policy.js']

/** Packages a layer must never use: sockets and databases stay out of the pure layers. */
const bannedPackages: Record<string, readonly RegExp[]> = {
  core: [/^node:(net|http|https|child_process|dgram|tls)$/, /^better-sqlite3$/, /^ws$/, /^libp2p/, /^@libp2p\//],
  proofs: [/^node:(net|http|https|child_process|dgram|tls)$/, /^better-sqlite3$/, /^ws$/],
  api: [/^node:/, /^better-sqlite3$/, /^ws$/],
  rpc: [/^better-sqlite3$/, /^@noble\//, /^@ipld\//],
  // Streams are handed in; a protocol module never makes a host or a database.
  protocols: [/^node:(net|http|https|child_process|dgram|tls)$/, /^better-sqlite3$/, /^libp2p$/, /^@libp2p\/(tcp|crypto|identify)$/, /^@chainsafe\//]
}

const files = tsFiles(src)

test('each layer imports only the layers beneath it', () => {
  const violations: string[] = []
  for (const file of files) {
    const layer = layerOf(file)
    const allowed = allowedLayers[layer]
    if (allowed == null) continue
    for (const imp of importsOf(file)) {
      if (imp.target == null) continue
      const targetLayer = layerOf(imp.target)
      if (targetLayer === layer) continue
      // rpc may use only the errors of core: it maps them to JSON-RPC codes and knows nothing else about Filecoin.
      if (layer === 'rpc' && targetLayer === 'core' && !imp.target.endsWith(join('core', 'errors.js'))) {
        violations.push(`${relative(root, file)} imports ${imp.spec} (rpc may use only core/errors)`)
        continue
      }
      // API contracts need the chain's value types and their codecs, nothing that runs the chain.
      if (layer === 'api' && targetLayer === 'chain') {
        const rel = relative(join(src, 'chain'), imp.target).split(/[\\/]/).join('/')
        if (!chainValueModules.some((m) => rel === m || rel.startsWith(m + '/'))) {
          violations.push(`${relative(root, file)} imports ${imp.spec} (api may use only chain value types)`)
        }
        continue
      }
      if (!allowed.includes(targetLayer)) violations.push(`${relative(root, file)} (${layer}) imports ${imp.spec} (${targetLayer})`)
    }
  }
  assert.deepEqual(violations, [])
})

test('pure layers do not open sockets or databases', () => {
  const violations: string[] = []
  for (const file of files) {
    const banned = bannedPackages[layerOf(file)]
    if (banned == null) continue
    for (const imp of importsOf(file)) {
      if (imp.target != null) continue
      if (banned.some((re) => re.test(imp.spec))) violations.push(`${relative(root, file)} imports ${imp.spec}`)
    }
  }
  assert.deepEqual(violations, [])
})

test('nothing outside the CLI imports the CLI', () => {
  const violations = files
    .filter((f) => layerOf(f) !== 'cli')
    .flatMap((f) => importsOf(f).filter((i) => i.target != null && layerOf(i.target) === 'cli').map((i) => `${relative(root, f)} imports ${i.spec}`))
  assert.deepEqual(violations, [])
})

test('domains reach each other only through API contracts', () => {
  const domains = ['sealing', 'storage', 'mining', 'markets', 'client']
  const violations = files
    .filter((f) => domains.includes(layerOf(f)))
    .flatMap((f) => importsOf(f)
      .filter((i) => i.target != null && domains.includes(layerOf(i.target)) && layerOf(i.target) !== layerOf(f))
      .map((i) => `${relative(root, f)} imports ${i.spec}`))
  assert.deepEqual(violations, [])
})

test('the scan sees the source tree', () => {
  // Guards the tests above against passing vacuously if the paths move.
  assert.ok(files.some((f) => layerOf(f) === 'core'))
  assert.ok(importsOf(join(src, 'index.ts')).some((i) => i.spec === './core/index.js'))
})
