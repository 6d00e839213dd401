// Builds the optional native CommP addon at install time. A failed build is not fatal:
// the portable hasher is used instead, and the CLI says so in one line when it starts hashing.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { spawnSync } from 'node:child_process'

if (!existsSync('binding.gyp')) process.exit(0)

// Build against the headers of the running Node when they are installed beside it, so node-gyp
// never tries to download them (the machines have no network beyond the package registries).
const prefix = dirname(dirname(process.execPath))
const args = ['rebuild', '--release']
if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`)

const r = spawnSync('node-gyp', args, { stdio: 'inherit', shell: process.platform === 'win32' })
if (r.status !== 0) {
  console.warn('nelumbo: the native CommP addon did not build; the portable (slower) hasher will be used.')
}
process.exit(0)
