// Builds the optional native CommP addon at install time. A failed build is not fatal:
// the portable hasher is used instead, and the CLI says so in one line when it starts hashing.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

if (!existsSync('binding.gyp')) process.exit(0)
const r = spawnSync('node-gyp', ['rebuild', '--release'], { stdio: 'inherit', shell: process.platform === 'win32' })
if (r.status !== 0) {
  console.warn('nelumbo: the native CommP addon did not build; the portable (slower) hasher will be used.')
}
process.exit(0)
