import type { Command } from 'commander'
import { makeProgram } from '../program.js'

/** The `lotus-seed` command tree. */
export function lotusSeedProgram (): Command {
  const program = makeProgram('lotus-seed', 'Seal sectors for genesis miners and build genesis templates')
  return program
}
