/** `lotus-seed aggregate-manifests <files…>`: merges pre-seal files by miner and prints the result. */
import { Command } from 'commander'
import { formatIndentedJson, genesisMinerToJson, readPreSealFile, GenesisInputError, type GenesisMiner } from '../../chain/genesis/index.js'
import type { TokenAmount } from '../../core/types.js'
import { expandHome } from './flags.js'
import type { SeedIo } from './io.js'

export function aggregateManifestsCommand (io: SeedIo): Command {
  return new Command('aggregate-manifests')
    .description('aggregate a set of preseal manifests into a single file')
    .argument('<files...>', 'pre-seal files')
    .action(async (files: string[]) => {
      const merged = new Map<string, GenesisMiner>()
      for (const file of files) {
        const path = expandHome(file, io.home)
        for (const [name, m] of await readPreSealFile(path)) {
          const prior = merged.get(name)
          if (prior === undefined) {
            merged.set(name, m)
            continue
          }
          if (prior.SectorSize !== m.SectorSize) {
            throw new GenesisInputError(`sector sizes mismatch for miner ${name}: ${prior.SectorSize} and ${m.SectorSize}`, { value: m.SectorSize, source: path })
          }
          // As Lotus's mergeGenMiners: the first file's keys, both files' sectors, zero balances.
          merged.set(name, { ...prior, MarketBalance: 0n as TokenAmount, PowerBalance: 0n as TokenAmount, Sectors: [...prior.Sectors, ...m.Sectors] })
        }
      }
      const out: Record<string, unknown> = {}
      for (const [name, m] of merged) out[name] = genesisMinerToJson(m)
      io.stdout(`${formatIndentedJson(out)}\n`)
    })
}
