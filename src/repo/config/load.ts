/**
 * Reading config.toml as Lotus's `config.FromFile` does (TOML decoded onto the defaults, a
 * missing file means all defaults, then `LOTUS_*` overrides), but strict: an unknown key or a
 * value of the wrong type is an error naming the file, the line and the key path, where Lotus
 * would ignore or half-report it. Key names match case-insensitively, as Lotus's decoder does.
 */
import { readFileSync } from 'node:fs'
import { parse, TomlError } from 'smol-toml'
import { ConfigError } from '../errors.js'
import { applyEnvOverrides } from './env.js'
import { defaultsOf, type ConfigSchema, type ConfigValue, type Entries, type Field, type Section } from './schema.js'
import { findKeyLine } from './toml-lines.js'
import { ValueError, checkCid, checkDuration, checkFil, checkInteger } from './values.js'

export interface LoadConfigOptions {
  /** Environment for `LOTUS_*` overrides; `false` skips them. Defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv | false
}

/** Loads `file` onto the schema's defaults, then applies environment overrides. */
export function loadConfig<S extends ConfigSchema> (file: string, schema: S, opts: LoadConfigOptions = {}): ConfigValue<S> {
  let text: string | undefined
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'ENOENT') throw err
  }
  const cfg = text === undefined ? defaultsOf(schema) : parseConfigText(schema, text, file)
  const env = opts.env ?? process.env
  if (env !== false) applyEnvOverrides(schema, cfg, env)
  return cfg
}

/** Decodes TOML text onto the defaults. `source` (usually the file path) prefixes every error. */
export function parseConfigText<S extends ConfigSchema> (schema: S, text: string, source: string): ConfigValue<S> {
  let data: Record<string, unknown>
  try {
    data = parse(text, { integersAsBigInt: true })
  } catch (err) {
    if (err instanceof TomlError) {
      const what = err.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'syntax error'
      throw new ConfigError(`invalid TOML: ${what} (column ${err.column})`, { source: `${source}:${err.line}`, cause: err })
    }
    throw err
  }
  const cfg = defaultsOf(schema)
  unify(schema, data, cfg as Record<string, unknown>, [], { text, source })
  return cfg
}

interface Ctx { readonly text: string, readonly source: string }

function fail (ctx: Ctx, path: string[], message: string, value?: unknown): never {
  const line = findKeyLine(ctx.text, path)
  throw new ConfigError(`${path.join('.')}: ${message}`, {
    source: line === undefined ? ctx.source : `${ctx.source}:${line}`, keyPath: path.join('.'), value
  })
}

function unify (sec: Section<Entries>, data: Record<string, unknown>, target: Record<string, unknown>, path: string[], ctx: Ctx): void {
  for (const [key, value] of Object.entries(data)) {
    const here = [...path, key]
    const name = Object.hasOwn(sec.entries, key)
      ? key
      : Object.keys(sec.entries).find((n) => n.toLowerCase() === key.toLowerCase())
    const e = name === undefined ? undefined : sec.entries[name]
    if (name === undefined || e === undefined) fail(ctx, here, `unknown key${suggest(key, Object.keys(sec.entries))}`, value)
    if (e.node === 'section') {
      if (tomlType(value) !== 'table') fail(ctx, here, `expected a table ([${here.join('.')}]), got ${describe(value)}`, value)
      unify(e, value as Record<string, unknown>, target[name] as Record<string, unknown>, here, ctx)
      continue
    }
    try {
      const v = convert(e, value)
      // Lotus's decoder adds to an existing map instead of replacing it.
      target[name] = e.kind === 'map' ? { ...(target[name] as Record<string, string>), ...(v as Record<string, string>) } : v
    } catch (err) {
      if (err instanceof ValueError) fail(ctx, here, err.message, value)
      throw err
    }
  }
}

function convert (e: Field<unknown>, v: unknown): unknown {
  const t = tomlType(v)
  const want = (what: string): never => { throw new ValueError(`expected ${what} (${e.goType}), got ${describe(v)}`) }
  switch (e.kind) {
    case 'bool':
      return t === 'boolean' ? v : want('true or false')
    case 'string':
      return t === 'string' ? v : want('a string')
    case 'int':
    case 'int64':
    case 'uint':
    case 'uint64':
      return t === 'integer' ? checkInteger(e.kind, v as bigint) : want('an integer')
    case 'duration':
      return checkDuration(asText(v) ?? want('a duration string such as "24h0m0s"'))
    case 'fil':
      return checkFil(asText(v) ?? want('a FIL amount string such as "0.05 FIL"'))
    case 'strings':
      if (t !== 'array') want('an array of strings')
      return (v as unknown[]).map((x) => typeof x === 'string' ? x : want('an array of strings'))
    case 'cids':
      if (t !== 'array') want('an array of CID strings')
      return (v as unknown[]).map((x) => checkCid(asText(x) ?? want('an array of CID strings')))
    case 'map': {
      if (t !== 'table') want('a table of strings')
      const out: Record<string, string> = {}
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        out[k] = typeof x === 'string' ? x : want(`a string for key ${JSON.stringify(k)}`)
      }
      return out
    }
  }
}

/** Text for fields Lotus decodes through UnmarshalText, which also takes numbers. */
function asText (v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'number') return v.toFixed(6)
  return undefined
}

type TomlType = 'string' | 'integer' | 'float' | 'boolean' | 'array' | 'table' | 'datetime'

function tomlType (v: unknown): TomlType {
  if (typeof v === 'string') return 'string'
  if (typeof v === 'bigint') return 'integer'
  if (typeof v === 'number') return 'float'
  if (typeof v === 'boolean') return 'boolean'
  if (Array.isArray(v)) return 'array'
  if (v instanceof Date) return 'datetime'
  return 'table'
}

function describe (v: unknown): string {
  const t = tomlType(v)
  if (t === 'table' || t === 'array') return t
  return `${t} ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`
}

/** ` (did you mean X?)` for a near miss among the known names, else ''. */
function suggest (key: string, names: string[]): string {
  let best: string | undefined
  let bestDist = Math.max(2, Math.floor(key.length / 4)) + 1
  for (const n of names) {
    const d = distance(key.toLowerCase(), n.toLowerCase())
    if (d < bestDist) { best = n; bestDist = d }
  }
  return best === undefined ? '' : ` (did you mean ${best}?)`
}

function distance (a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.length] ?? 0
}
