import type { Command } from 'commander'
import { makeProgram } from '../program.js'

/** The `lotus-miner` command tree. */
export function lotusMinerProgram (): Command {
  const program = makeProgram('lotus-miner', 'Filecoin storage provider node')
  return program
}
