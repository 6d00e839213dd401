/**
 * `lotus-seed genesis …`: edit a genesis template (add-miner, set-vrk, set-remainder,
 * set-network-version) and write a genesis CAR from it (car). Multisig actors do not exist on
 * our devnet, so add-msigs, set-signers and the `--multisig` forms are refused.
 */
import { Command } from 'commander'
import { parseAddress, Protocol, type Address } from '../../core/address/index.js'
import { FilecoinPrecision } from '../../core/token/index.js'
import type { TokenAmount } from '../../core/types.js'
import {
  addMiners, DEFAULT_MINER_OWNER_BALANCE_FIL, makeGenesisFromFile, readPreSealFile, readTemplate, writeGenesisCarFile, writeTemplate,
  type GenesisTemplate
} from '../../chain/genesis/index.js'
import { genesisNewCommand } from './genesis-new.js'
import { expandHome, FlagValueError, parseCount } from './flags.js'
import type { SeedIo } from './io.js'

const NO_MULTISIG = 'multisig actors are not supported on the Nelumbo devnet'

function refused (name: string, description: string): Command {
  return new Command(name)
    .description(`${description} (not supported: ${NO_MULTISIG})`)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => { throw new FlagValueError(`genesis ${name}`, `${NO_MULTISIG}, so \`lotus-seed genesis ${name}\` has nothing to do`, name) })
}

async function editTemplate (io: SeedIo, file: string, edit: (t: GenesisTemplate) => GenesisTemplate): Promise<string> {
  const path = expandHome(file, io.home)
  await writeTemplate(path, edit(await readTemplate(path)))
  return path
}

function keyAccount (text: string | undefined, flag: string): Address {
  if (text === undefined) throw new FlagValueError(flag, `must include --account (${NO_MULTISIG}, so --multisig is not accepted)`, text)
  const addr = parseAddress(text, flag)
  if (addr.protocol !== Protocol.SECP256K1 && addr.protocol !== Protocol.BLS) {
    throw new FlagValueError(flag, `${text} is not a key address (t1… or t3…)`, text)
  }
  return addr
}

function setAccountCommand (io: SeedIo, name: string, description: string, field: 'VerifregRootKey' | 'RemainderAccount'): Command {
  return new Command(name)
    .description(description)
    .argument('<file>', 'the genesis template')
    .option('--account <address>', `pubkey address that will be set as the ${field === 'VerifregRootKey' ? 'root key (ID t080)' : 'remainder account (ID t090)'}`)
    .option('--multisig <csv>', `not supported (${NO_MULTISIG})`)
    .action(async (file: string, flags: { account?: string, multisig?: string }) => {
      if (flags.multisig !== undefined) throw new FlagValueError('--multisig', NO_MULTISIG, flags.multisig)
      const owner = keyAccount(flags.account, '--account')
      await editTemplate(io, file, (t) => ({ ...t, [field]: { Type: 'account', Balance: 0n as TokenAmount, Meta: { Owner: owner } } }))
    })
}

export function genesisCommand (io: SeedIo): Command {
  return new Command('genesis')
    .description('manipulate lotus genesis template')
    .addCommand(genesisNewCommand(io))
    .addCommand(new Command('add-miner')
      .description('add genesis miner')
      .argument('<genesis.json>', 'the genesis template')
      .argument('<preseal.json>', 'a pre-seal file from `lotus-seed pre-seal`')
      .option('--balance <fil>', 'whole FIL to give the miner\'s owner account', String(DEFAULT_MINER_OWNER_BALANCE_FIL))
      .action(async (templateFile: string, presealFile: string, flags: { balance: string }) => {
        const balance = (BigInt(parseCount(flags.balance, '--balance')) * FilecoinPrecision) as TokenAmount
        const presealPath = expandHome(presealFile, io.home)
        const miners = await readPreSealFile(presealPath)
        await editTemplate(io, templateFile, (t) => addMiners(t, miners, balance, presealPath))
        for (const [name, m] of miners) io.stdout(`Added miner ${name} (owner ${m.Owner.toString()}, ${m.Sectors.length} pre-sealed sectors) to the template\n`)
      }))
    .addCommand(refused('add-msigs', 'add multisig accounts from a CSV file'))
    .addCommand(setAccountCommand(io, 'set-vrk', 'Set the verified registry\'s root key', 'VerifregRootKey'))
    .addCommand(setAccountCommand(io, 'set-remainder', 'Set the remainder actor', 'RemainderAccount'))
    .addCommand(new Command('set-network-version')
      .description('Set the version that this network will start from')
      .argument('<genesisFile>', 'the genesis template')
      .requiredOption('--network-version <n>', 'network version to start genesis with')
      .action(async (file: string, flags: { networkVersion: string }) => {
        const nv = parseCount(flags.networkVersion, '--network-version')
        await editTemplate(io, file, (t) => ({ ...t, NetworkVersion: nv }))
      }))
    .addCommand(new Command('car')
      .description('write genesis car file')
      .argument('<file>', 'genesis template (the one created with `genesis new`)')
      .option('-o, --out <file>', 'write output to FILE', 'genesis.car')
      .action(async (file: string, flags: { out: string }) => {
        const genesis = await makeGenesisFromFile(expandHome(file, io.home))
        const out = expandHome(flags.out, io.home)
        await writeGenesisCarFile(out, genesis.store, genesis.cid)
        io.stdout(`Genesis block ${genesis.cid.toString()} written to ${out}\n`)
      }))
    .addCommand(refused('set-signers', 'change the verified registry root multisig\'s signers'))
}
