import { homedir } from 'node:os'

/** What `lotus-seed` commands touch outside themselves; tests hand in their own. */
export interface SeedIo {
  /** For `~` in paths (`--sector-dir ~/.genesis-sectors`). */
  readonly home: string
  readonly stdout: (text: string) => void
}

export function processSeedIo (): SeedIo {
  return { home: homedir(), stdout: (text) => { process.stdout.write(text) } }
}
