/**
 * Child process for repo-lock tests: `node repo-lock-holder.js <repoPath> hold|try`.
 * `hold` opens the repo, prints `locked`, and keeps it until stdin closes or it is killed.
 * `try` attempts to open it once and prints `locked` or `refused: <message>` (exit 0 / 2).
 */
import { FsRepo } from '../../src/repo/index.js'

const [repoPath, mode] = process.argv.slice(2)
if (repoPath === undefined || (mode !== 'hold' && mode !== 'try')) {
  console.error('usage: repo-lock-holder <repoPath> hold|try')
  process.exit(64)
}
const repo = new FsRepo('StorageMiner', repoPath)
try {
  const lr = repo.open()
  process.stdout.write('locked\n')
  if (mode === 'try') {
    lr.close()
  } else {
    process.stdin.resume()
    process.stdin.on('end', () => { lr.close(); process.exit(0) })
  }
} catch (err) {
  process.stdout.write(`refused: ${(err as Error).message}\n`)
  process.exit(2)
}
