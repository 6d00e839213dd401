import type { Command } from 'commander'
import { makeProgram } from '../program.js'
import { aggregateManifestsCommand } from './aggregate.js'
import { genesisCommand } from './genesis.js'
import { processSeedIo, type SeedIo } from './io.js'
import { preSealCommand } from './pre-seal.js'

export type { SeedIo } from './io.js'

/** The `lotus-seed` command tree. `--sector-dir` is global, as in Lotus (`lotus-seed --sector-dir X pre-seal`). */
export function lotusSeedProgram (io: SeedIo = processSeedIo()): Command {
  const program = makeProgram('lotus-seed', 'Seal sectors for genesis miners and build genesis templates')
    .option('--sector-dir <dir>', 'where pre-sealed sectors and their manifest go', '~/.genesis-sectors')
  program
    .addCommand(genesisCommand(io))
    .addCommand(preSealCommand(io))
    .addCommand(aggregateManifestsCommand(io))
  return program
}
