/**
 * `lotus-seed pre-seal`: seals sectors of random data for a genesis miner with the dev proof
 * system and writes `pre-seal-<miner>.json` and `.key` into `--sector-dir`.
 */
import { readFile } from 'node:fs/promises'
import { Command, Option } from 'commander'
import { parseAddress, Protocol } from '../../core/address/index.js'
import { parseKeyInfoHex, type KeyInfo } from '../../core/crypto/index.js'
import { sealProofForSectorSize, sectorName } from '../../core/sector/index.js'
import { DEFAULT_TICKET_PREIMAGE, GENESIS_NETWORK_VERSION, preSeal, writeGenesisMiner } from '../../chain/genesis/index.js'
import { expandHome, FlagValueError, parseByteSize, parseCount } from './flags.js'
import type { SeedIo } from './io.js'

interface PreSealFlags {
  minerAddr: string
  sectorSize: string
  ticketPreimage: string
  numSectors: string
  sectorOffset: string
  key?: string
  fakeSectors?: boolean
  networkVersion?: string
  keepUnsealed?: boolean
}

async function readKeyFile (path: string): Promise<KeyInfo> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new FlagValueError('--key', `cannot read key file ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? (err as Error).message)}`, path)
  }
  return parseKeyInfoHex(text, `--key ${path}`)
}

export function preSealCommand (io: SeedIo): Command {
  return new Command('pre-seal')
    .description('Seal sectors for a genesis miner (with the dev proof system)')
    .option('--miner-addr <address>', 'specify the future address of your miner', 't01000')
    .option('--sector-size <size>', 'specify size of sectors to pre-seal', '2KiB')
    .option('--ticket-preimage <text>', 'set the ticket preimage for sealing randomness', DEFAULT_TICKET_PREIMAGE)
    .option('--num-sectors <n>', 'select number of sectors to pre-seal', '1')
    .option('--sector-offset <n>', 'how many sector ids to skip when starting to seal', '0')
    .option('--key <file>', '(optional) Key to use for signing / owner/worker addresses')
    .addOption(new Option('--fake-sectors', 'not supported: every pre-sealed sector is really sealed (cheap with the dev proofs)'))
    .option('--network-version <n>', 'specify network version', String(GENESIS_NETWORK_VERSION))
    .option('--keep-unsealed', 'keep the unsealed copies and the CommD cache (Lotus removes them)')
    .action(async (flags: PreSealFlags, cmd: Command) => {
      if (flags.fakeSectors === true) {
        throw new FlagValueError('--fake-sectors', 'fake sectors are not supported: Nelumbo seals every pre-sealed sector with its dev proof system, which is fast enough (drop the flag)', true)
      }
      const sectorDir = expandHome((cmd.optsWithGlobals() as { sectorDir: string }).sectorDir, io.home)
      const minerAddr = parseAddress(flags.minerAddr, '--miner-addr')
      if (minerAddr.protocol !== Protocol.ID) throw new FlagValueError('--miner-addr', `${flags.minerAddr} is not an ID address (e.g. t01000)`, flags.minerAddr)
      const bytes = parseByteSize(flags.sectorSize, '--sector-size')
      let proofType
      try {
        proofType = sealProofForSectorSize(bytes)
      } catch (err) {
        throw new FlagValueError('--sector-size', (err as Error).message, flags.sectorSize)
      }
      parseCount(flags.networkVersion ?? String(GENESIS_NETWORK_VERSION), '--network-version')
      const key = flags.key === undefined ? undefined : await readKeyFile(expandHome(flags.key, io.home))
      const { miner, key: used } = await preSeal({
        minerAddr,
        proofType,
        numSectors: parseCount(flags.numSectors, '--num-sectors'),
        sectorOffset: parseCount(flags.sectorOffset, '--sector-offset'),
        sectorDir,
        key,
        ticketPreimage: flags.ticketPreimage,
        keepUnsealed: flags.keepUnsealed === true,
        onSector: (id, p) => { io.stdout(`sector-id: ${sectorName(id)}, CommD: ${p.CommD.toString()}, CommR: ${p.CommR.toString()}\n`) }
      })
      const files = await writeGenesisMiner(sectorDir, minerAddr, miner, used)
      io.stdout(`Writing preseal manifest to ${files.json}\n`)
      io.stdout(`Owner/worker key ${miner.Owner.toString()} written to ${files.key}\n`)
    })
}
