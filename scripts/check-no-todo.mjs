// Fails when src/ holds a TODO/FIXME: a path a user can reach must not be left unimplemented.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

const bad = []
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p)
    else if (/\.(ts|c|cc|h)$/.test(name)) {
      readFileSync(p, 'utf8').split('\n').forEach((line, i) => {
        if (/\b(TODO|FIXME|XXX)\b/.test(line)) bad.push(`${p}:${i + 1}: ${line.trim()}`)
      })
    }
  }
}
walk('src')
walk('native')
if (bad.length > 0) {
  console.error('TODO/FIXME markers are not allowed in src/ or native/:\n' + bad.join('\n'))
  process.exit(1)
}
