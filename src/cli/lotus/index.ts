import type { Command } from 'commander'
import { makeProgram } from '../program.js'

/** The `lotus` command tree. */
export function lotusProgram (): Command {
  const program = makeProgram('lotus', 'Filecoin full node (Nelumbo devnet)')
  return program
}
