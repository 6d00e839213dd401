import type { Command } from 'commander'
import { makeProgram } from '../program.js'
import { commpCommand } from './commp.js'
import { marketCommand } from './market.js'

/** The `lotus-shed` command tree. */
export function lotusShedProgram (): Command {
  const program = makeProgram('lotus-shed', 'Tools for operators and developers')
  program.addCommand(commpCommand())
  program.addCommand(marketCommand())
  return program
}
