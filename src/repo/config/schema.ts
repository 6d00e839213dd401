/**
 * Config schemas as data: section -> field -> { kind, Go type, default, doc }. One schema per
 * node type drives everything else: the typed config object (`ConfigValue<typeof schema>`),
 * `config default` / the commented config.toml, loading with unknown-key and type checks, and
 * `LOTUS_*` environment overrides. Entry order is the order Lotus's TOML encoder writes.
 */

/** How a field is written in TOML and checked on load. */
export type FieldKind =
  | 'bool' | 'string' | 'int' | 'int64' | 'uint' | 'uint64'
  | 'duration' // Go duration text, e.g. "24h0m0s"
  | 'fil' // FIL amount text, e.g. "0.05 FIL"
  | 'strings' // array of strings; undefined = Go nil slice, left out of the file
  | 'cids' // array of CID strings
  | 'map' // table of string -> string, written as its own [section]

export interface Field<V> {
  readonly node: 'field'
  readonly kind: FieldKind
  /** The type name Lotus prints in `# type:` lines (`uint64`, `Duration`, `types.FIL`, …). */
  readonly goType: string
  readonly default: V
  /** Doc comment lines printed above the field; empty for none. */
  readonly doc: string
}

export type Entry = Field<unknown> | Section<Entries>
export type Entries = { readonly [name: string]: Entry }

export interface Section<E extends Entries> {
  readonly node: 'section'
  /** Go type name of the section struct (documentation only). */
  readonly goType: string
  readonly entries: E
}

/** The plain object a schema describes, e.g. `MinerConfig`. */
export type ConfigValue<E> =
  E extends Field<infer V> ? V
    : E extends Section<infer M> ? { -readonly [K in keyof M]: ConfigValue<M[K]> }
      : never

export type ConfigSchema = Section<Entries>

export function section<E extends Entries> (goType: string, entries: E): Section<E> {
  return { node: 'section', goType, entries }
}

function field<V> (kind: FieldKind, goType: string, def: V, doc: string): Field<V> {
  return { node: 'field', kind, goType, default: def, doc }
}

export const bool = (def: boolean, doc = ''): Field<boolean> => field('bool', 'bool', def, doc)
export const str = (def: string, doc = '', goType = 'string'): Field<string> => field('string', goType, def, doc)
/** Go `int` (64-bit signed). Values are JS numbers, so limited to ±2^53-1. */
export const int = (def: number, doc = ''): Field<number> => field('int', 'int', def, doc)
export const int64 = (def: number, doc = ''): Field<number> => field('int64', 'int64', def, doc)
export const uint = (def: number, doc = ''): Field<number> => field('uint', 'uint', def, doc)
export const uint64 = (def: number, doc = ''): Field<number> => field('uint64', 'uint64', def, doc)
export const duration = (def: string, doc = ''): Field<string> => field('duration', 'Duration', def, doc)
export const fil = (def: string, doc = ''): Field<string> => field('fil', 'types.FIL', def, doc)
export const strings = <V extends string[] | undefined>(def: V, doc = ''): Field<V> => field('strings', '[]string', def, doc)
export const cids = (def: string[], doc = ''): Field<string[]> => field('cids', '[]cid.Cid', def, doc)
export const stringMap = (def: Record<string, string>, doc = ''): Field<Record<string, string>> =>
  field('map', 'map[string]string', def, doc)

/** Fields rendered as their own `[table]`: sections and maps. Everything else is a `key = value` line. */
export function isTable (e: Entry): boolean {
  return e.node === 'section' || e.kind === 'map'
}

/** A deep copy of the schema's defaults. */
export function defaultsOf<S extends ConfigSchema> (schema: S): ConfigValue<S> {
  return build(schema) as ConfigValue<S>
}

function build (s: Section<Entries>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, e] of Object.entries(s.entries)) {
    out[name] = e.node === 'section' ? build(e) : cloneValue(e.default)
  }
  return out
}

export function cloneValue<V> (v: V): V {
  if (Array.isArray(v)) return [...v] as V
  if (v !== null && typeof v === 'object') return { ...v }
  return v
}

/** Finds an entry by dotted path segments; undefined when there is none. */
export function entryAt (schema: ConfigSchema, path: readonly string[]): Entry | undefined {
  let cur: Entry = schema
  for (const seg of path) {
    if (cur.node !== 'section') return undefined
    const next: Entry | undefined = cur.entries[seg]
    if (next === undefined) return undefined
    cur = next
  }
  return cur
}

/** Structural equality of two config values (plain objects, arrays, scalars). */
export function configEqual (a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => configEqual(v, b[i]))
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && configEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}
