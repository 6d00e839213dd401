/**
 * `lotus fetch-params <sectorSize>`: Lotus downloads the SNARK parameters for a sector size.
 * Nelumbo's dev proof system has none, so this checks the size and says so.
 */
import { Command } from 'commander'
import { sealProofForSectorSize, sectorSizeString } from '../../core/sector/index.js'
import { FlagValueError, parseByteSize } from '../lotus-seed/flags.js'

export function fetchParamsCommand (out: (text: string) => void = (t) => { process.stdout.write(t) }): Command {
  return new Command('fetch-params')
    .description('Fetch proving parameters')
    .argument('[sectorSize]', 'sector size, e.g. 2KiB or 32GiB')
    .action((size: string | undefined) => {
      if (size === undefined) {
        throw new FlagValueError('sectorSize', 'must pass sector size to fetch params for (specify as "32GiB", for instance)', size)
      }
      const bytes = parseByteSize(size, 'sectorSize')
      try {
        sealProofForSectorSize(bytes)
      } catch (err) {
        throw new FlagValueError('sectorSize', (err as Error).message, size)
      }
      out(`Nelumbo's dev proof system needs no proof parameters: nothing to fetch for ${sectorSizeString(bytes)} sectors.\n`)
    })
}
