// Runs every compiled benchmark (dist/bench/*.js) in sequence; `npm run bench` builds first.
// Benchmarks print figures; a failing one is reported and the rest still run.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

const dir = join('dist', 'bench')
let files = []
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.js')).sort()
} catch {
  console.error(`no compiled benchmarks in ${dir}; run npm run build first`)
  process.exit(1)
}
let failed = 0
for (const f of files) {
  console.log(`\n== ${f}`)
  const r = spawnSync(process.execPath, [join(dir, f)], { stdio: 'inherit' })
  if (r.status !== 0) {
    failed++
    console.error(`${f} exited with ${r.status ?? r.signal}`)
  }
}
process.exit(failed === 0 ? 0 : 1)
