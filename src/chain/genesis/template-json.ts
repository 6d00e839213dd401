/**
 * The genesis template and pre-seal files as JSON, shaped as Go's `json.MarshalIndent` writes
 * Lotus's types: addresses as strings, CIDs as `{"/": …}`, token amounts as decimal strings,
 * keys as `{"Type", "PrivateKey"}`. Reading checks every field and names the file and JSON
 * path of the first bad one.
 */
import { parseAddress, Protocol, type Address } from '../../core/address/index.js'
import { keyInfoFromLotusJson, keyInfoToLotusJson } from '../../core/crypto/index.js'
import { parseCid, type CID } from '../../core/cid.js'
import { isJsonObject } from '../../core/lotus-json/codec.js'
import { registeredSealProof } from '../../core/sector/index.js'
import type { TokenAmount } from '../../core/types.js'
import { GenesisInputError, jsonPath } from './errors.js'
import { networkParamsFromJson, networkParamsToJson } from './network-params.js'
import type { GenesisActor, GenesisDealProposal, GenesisMiner, GenesisTemplate, PreSeal } from './template-types.js'

type Obj = Record<string, unknown>

function bad (expected: string, value: unknown, path: string): GenesisInputError {
  const shown = value === undefined ? 'nothing' : JSON.stringify(value)
  return new GenesisInputError(`expected ${expected}, got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`, { value, source: path })
}

function obj (v: unknown, path: string): Obj {
  if (!isJsonObject(v)) throw bad('a JSON object', v, path)
  return v
}

function int (o: Obj, key: string, path: string, min = 0): number {
  const v = o[key]
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw bad(`an integer >= ${min}`, v, jsonPath(path, key))
  return v
}

function str (o: Obj, key: string, path: string): string {
  const v = o[key]
  if (typeof v !== 'string') throw bad('a string', v, jsonPath(path, key))
  return v
}

function addr (o: Obj, key: string, path: string): Address {
  const where = jsonPath(path, key)
  const v = o[key]
  if (typeof v !== 'string') throw bad('an address string', v, where)
  try {
    return parseAddress(v, where)
  } catch (err) {
    throw new GenesisInputError((err as Error).message.replace(`${where}: `, ''), { value: v, source: where, cause: err })
  }
}

function amount (o: Obj, key: string, path: string): TokenAmount {
  const v = o[key]
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw bad('a decimal attoFIL string', v, jsonPath(path, key))
  return BigInt(v) as TokenAmount
}

function cid (o: Obj, key: string, path: string): CID {
  const where = jsonPath(path, key)
  const v = o[key]
  if (!isJsonObject(v) || typeof v['/'] !== 'string') throw bad('a CID object {"/": "<cid>"}', v, where)
  try {
    return parseCid(v['/'], where)
  } catch (err) {
    throw new GenesisInputError(`invalid CID ${JSON.stringify(v['/'])}`, { value: v, source: where, cause: err })
  }
}

function list (o: Obj, key: string, path: string): unknown[] {
  const v = o[key]
  if (v === null || v === undefined) return []
  if (!Array.isArray(v)) throw bad('an array', v, jsonPath(path, key))
  return v
}

function idAddress (o: Obj, key: string, path: string): Address {
  const a = addr(o, key, path)
  if (a.protocol !== Protocol.ID) throw new GenesisInputError(`${a.toString()} is not an ID address (t0…)`, { value: a.toString(), source: jsonPath(path, key) })
  return a
}

function keyAddress (o: Obj, key: string, path: string): Address {
  const a = addr(o, key, path)
  if (a.protocol !== Protocol.SECP256K1 && a.protocol !== Protocol.BLS) {
    throw new GenesisInputError(`${a.toString()} is not a key address (t1… or t3…)`, { value: a.toString(), source: jsonPath(path, key) })
  }
  return a
}

export function dealProposalFromJson (json: unknown, path: string): GenesisDealProposal {
  const o = obj(json, path)
  const label = o.Label ?? ''
  if (typeof label !== 'string') throw bad('a string label', label, jsonPath(path, 'Label'))
  const verified = o.VerifiedDeal ?? false
  if (typeof verified !== 'boolean') throw bad('true or false', verified, jsonPath(path, 'VerifiedDeal'))
  return {
    PieceCID: cid(o, 'PieceCID', path),
    PieceSize: int(o, 'PieceSize', path, 128),
    VerifiedDeal: verified,
    Client: addr(o, 'Client', path),
    Provider: addr(o, 'Provider', path),
    Label: label,
    StartEpoch: int(o, 'StartEpoch', path, -1),
    EndEpoch: int(o, 'EndEpoch', path, 0),
    StoragePricePerEpoch: amount(o, 'StoragePricePerEpoch', path),
    ProviderCollateral: amount(o, 'ProviderCollateral', path),
    ClientCollateral: amount(o, 'ClientCollateral', path)
  }
}

export function dealProposalToJson (d: GenesisDealProposal): Obj {
  return {
    PieceCID: { '/': d.PieceCID.toString() },
    PieceSize: d.PieceSize,
    VerifiedDeal: d.VerifiedDeal,
    Client: d.Client.toString(),
    Provider: d.Provider.toString(),
    Label: d.Label,
    StartEpoch: d.StartEpoch,
    EndEpoch: d.EndEpoch,
    StoragePricePerEpoch: d.StoragePricePerEpoch.toString(),
    ProviderCollateral: d.ProviderCollateral.toString(),
    ClientCollateral: d.ClientCollateral.toString()
  }
}

function preSealFromJson (json: unknown, path: string): PreSeal {
  const o = obj(json, path)
  const proofWhere = jsonPath(path, 'ProofType')
  if (typeof o.ProofType !== 'number') throw bad('a seal proof number', o.ProofType, proofWhere)
  let proofType
  try {
    proofType = registeredSealProof(o.ProofType)
  } catch (err) {
    throw new GenesisInputError((err as Error).message, { value: o.ProofType, source: proofWhere, cause: err })
  }
  let key
  try {
    key = keyInfoFromLotusJson(o.DealClientKey, jsonPath(path, 'DealClientKey'))
  } catch (err) {
    throw new GenesisInputError((err as Error).message, { source: jsonPath(path, 'DealClientKey'), cause: err })
  }
  return {
    CommR: cid(o, 'CommR', path),
    CommD: cid(o, 'CommD', path),
    SectorID: int(o, 'SectorID', path),
    Deal: dealProposalFromJson(o.Deal, jsonPath(path, 'Deal')),
    DealClientKey: key,
    ProofType: proofType
  }
}

function preSealToJson (p: PreSeal): Obj {
  return {
    CommR: { '/': p.CommR.toString() },
    CommD: { '/': p.CommD.toString() },
    SectorID: p.SectorID,
    Deal: dealProposalToJson(p.Deal),
    DealClientKey: keyInfoToLotusJson(p.DealClientKey),
    ProofType: p.ProofType
  }
}

export function genesisMinerFromJson (json: unknown, path: string): GenesisMiner {
  const o = obj(json, path)
  return {
    ID: idAddress(o, 'ID', path),
    Owner: keyAddress(o, 'Owner', path),
    Worker: keyAddress(o, 'Worker', path),
    PeerId: str(o, 'PeerId', path),
    MarketBalance: amount(o, 'MarketBalance', path),
    PowerBalance: amount(o, 'PowerBalance', path),
    SectorSize: int(o, 'SectorSize', path, 1),
    Sectors: list(o, 'Sectors', path).map((s, i) => preSealFromJson(s, `${jsonPath(path, 'Sectors')}[${i}]`))
  }
}

export function genesisMinerToJson (m: GenesisMiner): Obj {
  return {
    ID: m.ID.toString(),
    Owner: m.Owner.toString(),
    Worker: m.Worker.toString(),
    PeerId: m.PeerId,
    MarketBalance: m.MarketBalance.toString(),
    PowerBalance: m.PowerBalance.toString(),
    SectorSize: m.SectorSize,
    Sectors: m.Sectors.map(preSealToJson)
  }
}

export function genesisActorFromJson (json: unknown, path: string): GenesisActor {
  const o = obj(json, path)
  const balance = amount(o, 'Balance', path)
  const metaPath = jsonPath(path, 'Meta')
  const meta = obj(o.Meta, metaPath)
  if (o.Type === 'account') return { Type: 'account', Balance: balance, Meta: { Owner: keyAddress(meta, 'Owner', metaPath) } }
  if (o.Type === 'multisig') {
    return {
      Type: 'multisig',
      Balance: balance,
      Meta: {
        Signers: list(meta, 'Signers', metaPath).map((s, i) => addr({ s }, 's', `${jsonPath(metaPath, 'Signers')}[${i}]`)),
        Threshold: int(meta, 'Threshold', metaPath),
        VestingDuration: int(meta, 'VestingDuration', metaPath),
        VestingStart: int(meta, 'VestingStart', metaPath)
      }
    }
  }
  throw bad('"account" or "multisig"', o.Type, jsonPath(path, 'Type'))
}

export function genesisActorToJson (a: GenesisActor): Obj {
  const meta = a.Type === 'account'
    ? { Owner: a.Meta.Owner.toString() }
    : { ...a.Meta, Signers: a.Meta.Signers.map((s) => s.toString()) }
  return { Type: a.Type, Balance: a.Balance.toString(), Meta: meta }
}

/** Reads a template; `source` is its file name, which every error starts with. */
export function templateFromJson (json: unknown, file: string): GenesisTemplate {
  const source = `${file}:`
  const o = obj(json, file)
  const timestamp = o.Timestamp ?? 0
  if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw bad('Unix seconds (a non-negative integer)', timestamp, jsonPath(source, 'Timestamp'))
  }
  const name = str(o, 'NetworkName', source)
  if (name === '') throw new GenesisInputError('must not be empty', { source: jsonPath(source, 'NetworkName') })
  return {
    NetworkVersion: int(o, 'NetworkVersion', source),
    Accounts: list(o, 'Accounts', source).map((a, i) => genesisActorFromJson(a, `${jsonPath(source, 'Accounts')}[${i}]`)),
    Miners: list(o, 'Miners', source).map((m, i) => genesisMinerFromJson(m, `${jsonPath(source, 'Miners')}[${i}]`)),
    NetworkName: name,
    Timestamp: timestamp,
    VerifregRootKey: genesisActorFromJson(o.VerifregRootKey, jsonPath(source, 'VerifregRootKey')),
    RemainderAccount: genesisActorFromJson(o.RemainderAccount, jsonPath(source, 'RemainderAccount')),
    NetworkParams: networkParamsFromJson(o.NetworkParams, jsonPath(source, 'NetworkParams'))
  }
}

/** The template as a JSON value, keys in Lotus's order; Timestamp omitted when 0 (`omitempty`). */
export function templateToJson (t: GenesisTemplate): Obj {
  const out: Obj = {
    NetworkVersion: t.NetworkVersion,
    Accounts: t.Accounts.map(genesisActorToJson),
    Miners: t.Miners.map(genesisMinerToJson),
    NetworkName: t.NetworkName
  }
  if (t.Timestamp !== 0) out.Timestamp = t.Timestamp
  out.VerifregRootKey = genesisActorToJson(t.VerifregRootKey)
  out.RemainderAccount = genesisActorToJson(t.RemainderAccount)
  out.NetworkParams = networkParamsToJson(t.NetworkParams)
  return out
}

/** Parses file text as JSON, naming the file when it is not JSON at all. */
export function parseJsonText (text: string, source: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new GenesisInputError(`not valid JSON: ${(err as Error).message}`, { source, cause: err })
  }
}

/** `json.MarshalIndent(v, "", "  ")`. */
export function formatIndentedJson (value: unknown): string {
  return JSON.stringify(value, null, 2)
}

/** A pre-seal file: `{ "<miner address>": Miner }`, as `lotus-seed pre-seal` writes it. */
export function preSealFileFromJson (json: unknown, file: string): Map<string, GenesisMiner> {
  const source = `${file}:`
  const o = obj(json, file)
  const out = new Map<string, GenesisMiner>()
  for (const [key, value] of Object.entries(o)) {
    const where = jsonPath(source, key)
    const keyAddr = idAddress({ key }, 'key', where)
    const miner = genesisMinerFromJson(value, where)
    if (!miner.ID.equals(keyAddr)) {
      throw new GenesisInputError(`miner ID ${miner.ID.toString()} does not match its key ${key}`, { value: miner.ID.toString(), source: jsonPath(where, 'ID') })
    }
    out.set(keyAddr.toString(), miner)
  }
  if (out.size === 0) throw new GenesisInputError('the pre-seal file lists no miner', { source: file })
  return out
}

export function preSealFileToJson (minerAddr: Address, miner: GenesisMiner): Obj {
  return { [minerAddr.toString()]: genesisMinerToJson(miner) }
}
