// Runs the compiled tests with node's test runner. `node scripts/run-tests.mjs [unit|integration]`.
// Files are listed explicitly because Node 20's --test does not expand globs.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

const tiers = process.argv[2] ? [process.argv[2]] : ['unit', 'integration']
const files = []
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p)
    else if (name.endsWith('.test.js')) files.push(p)
  }
}
for (const tier of tiers) {
  try { walk(join('dist', 'test', tier)) } catch { /* tier has no tests yet */ }
}
files.sort()
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=600000', ...files], { stdio: 'inherit' })
process.exit(r.status ?? 1)
