/**
 * Making and editing genesis templates (Lotus `lotus-seed genesis new` / `add-miner`), and
 * reading and writing them and pre-seal files with errors that name the file.
 */
import { randomUUID } from 'node:crypto'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { newIdAddress, type Address } from '../../core/address/index.js'
import { formatKeyInfoHex, generateKey, keyAddress, type KeyInfo, type KeyType } from '../../core/crypto/index.js'
import { FilecoinPrecision } from '../../core/token/index.js'
import type { TokenAmount } from '../../core/types.js'
import { GenesisInputError } from './errors.js'
import { DEFAULT_NETWORK_PARAMS, validateNetworkParams, type NetworkParams } from './network-params.js'
import { formatIndentedJson, parseJsonText, preSealFileFromJson, templateFromJson, templateToJson } from './template-json.js'
import type { GenesisActor, GenesisMiner, GenesisTemplate } from './template-types.js'

/** The network version a new devnet starts at. */
export const GENESIS_NETWORK_VERSION = 25

/** The first genesis miner's ID (Lotus `genesis.MinerStart`): t01000, then t01001, … */
export const MINER_START = 1000n

/** FIL `genesis add-miner` gives each miner's owner by default (Lotus's `--balance`). */
export const DEFAULT_MINER_OWNER_BALANCE_FIL = 50_000_000n

export interface NewTemplateOptions {
  /** Default `localnet-<uuid>`, as Lotus. */
  networkName?: string
  /** Unix seconds; default 0 (the genesis takes the time it is made). */
  timestamp?: number
  params?: Partial<NetworkParams>
  /** Pre-funded accounts to create, each with a new key. Default 1. */
  accounts?: number
  /** Balance of each pre-funded account. Default 10,000,000 FIL. */
  accountBalance?: TokenAmount
  /** Key type for the new accounts. Default secp256k1 (what `lotus wallet new` makes). */
  keyType?: KeyType
}

export interface NewTemplate {
  template: GenesisTemplate
  /** Keys of every account the template names (pre-funded, verifreg root, remainder). */
  keys: KeyInfo[]
}

function accountActor (owner: Address, balance: TokenAmount): GenesisActor {
  return { Type: 'account', Balance: balance, Meta: { Owner: owner } }
}

/**
 * A new template: `accounts` pre-funded accounts, and the verified registry root and the
 * remainder account as plain accounts with their own keys (Lotus's defaults are multisigs
 * of a key only Lotus's test kit holds; our devnet has no multisig actor).
 */
export function newTemplate (options: NewTemplateOptions = {}): NewTemplate {
  const count = options.accounts ?? 1
  if (!Number.isSafeInteger(count) || count < 0 || count > 800) {
    throw new GenesisInputError(`the number of accounts must be an integer from 0 to 800, got ${count}`, { value: count, source: '--accounts' })
  }
  const balance = options.accountBalance ?? (10_000_000n * FilecoinPrecision) as TokenAmount
  if (balance < 0n) throw new GenesisInputError(`account balance must not be negative, got ${balance}`, { value: balance, source: '--account-balance' })
  const params = validateNetworkParams({
    ...DEFAULT_NETWORK_PARAMS,
    SupportedSectorSizes: [...DEFAULT_NETWORK_PARAMS.SupportedSectorSizes],
    ...options.params
  }, 'network parameters')
  const keyType = options.keyType ?? 'secp256k1'
  const keys: KeyInfo[] = []
  const newAccount = (b: TokenAmount): GenesisActor => {
    const key = generateKey(keyType)
    keys.push(key)
    return accountActor(keyAddress(key), b)
  }
  const accounts = Array.from({ length: count }, () => newAccount(balance))
  return {
    template: {
      NetworkVersion: GENESIS_NETWORK_VERSION,
      Accounts: accounts,
      Miners: [],
      NetworkName: options.networkName ?? `localnet-${randomUUID()}`,
      Timestamp: options.timestamp ?? 0,
      VerifregRootKey: newAccount(0n as TokenAmount),
      RemainderAccount: newAccount(0n as TokenAmount),
      NetworkParams: params
    },
    keys
  }
}

/**
 * Adds the pre-seal file's miners to the template and gives each owner an account with
 * `ownerBalance` (Lotus `genesis add-miner`). Miner IDs must follow on: t01000 first.
 */
export function addMiners (template: GenesisTemplate, miners: ReadonlyMap<string, GenesisMiner>, ownerBalance: TokenAmount, source: string): GenesisTemplate {
  const out: GenesisTemplate = { ...template, Accounts: [...template.Accounts], Miners: [...template.Miners] }
  for (const [name, miner] of miners) {
    const expected = newIdAddress(MINER_START + BigInt(out.Miners.length))
    if (!miner.ID.equals(expected)) {
      throw new GenesisInputError(`tried to set miner ${name} as ${expected.toString()}: genesis miners are numbered from t0${MINER_START} in the order they are added`,
        { value: name, source })
    }
    if (!out.NetworkParams.SupportedSectorSizes.includes(miner.SectorSize)) {
      throw new GenesisInputError(`miner ${name} has ${miner.SectorSize}-byte sectors, which the template's NetworkParams.SupportedSectorSizes (${out.NetworkParams.SupportedSectorSizes.join(', ')}) does not allow`,
        { value: miner.SectorSize, source })
    }
    out.Miners.push(miner)
    out.Accounts.push(accountActor(miner.Owner, ownerBalance))
  }
  return out
}

async function readText (path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'no such file' : (code ?? (err as Error).message)
    throw new GenesisInputError(`cannot read ${what}: ${why}`, { value: path, source: path, cause: err })
  }
}

export async function readTemplate (path: string): Promise<GenesisTemplate> {
  return templateFromJson(parseJsonText(await readText(path, 'genesis template'), path), path)
}

export async function writeTemplate (path: string, template: GenesisTemplate): Promise<void> {
  await writeFile(path, formatIndentedJson(templateToJson(template)), { mode: 0o644 })
}

export async function readPreSealFile (path: string): Promise<Map<string, GenesisMiner>> {
  return preSealFileFromJson(parseJsonText(await readText(path, 'pre-seal file'), path), path)
}

/** Where the keys of a template's accounts are kept: `<template>.keys/`. */
export function templateKeysDir (templatePath: string): string {
  return `${templatePath}.keys`
}

/**
 * Writes each key as `<address>.key` (hex KeyInfo, as `lotus wallet import` reads) in
 * `<template>.keys/`, readable by the owner only. Returns the files written.
 */
export async function writeTemplateKeys (templatePath: string, keys: readonly KeyInfo[]): Promise<string[]> {
  const dir = templateKeysDir(templatePath)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  await chmod(dir, 0o700)
  const files: string[] = []
  for (const key of keys) {
    const file = join(dir, `${keyAddress(key).toString()}.key`)
    await writeFile(file, formatKeyInfoHex(key), { mode: 0o600 })
    files.push(file)
  }
  return files
}
