/**
 * Writing configs as Lotus does. `encodeConfigToml` reproduces the TOML encoder Lotus uses
 * (BurntSushi/toml): plain `key = value` lines first, then sub-tables, two-space indent per
 * level, a blank line before each top-level table, nil slices left out, map keys sorted.
 * `configUpdate` is Lotus's `config.ConfigUpdate`: it annotates that text with doc comments,
 * `# type:` and `# env var:` lines, and comments out default-valued lines.
 */
import { parseConfigText } from './load.js'
import {
  configEqual, entryAt, isTable, type ConfigSchema, type ConfigValue, type Entries, type Entry, type Section
} from './schema.js'

const INDENT = '  '

/** TOML text of a config, byte for byte what Lotus's encoder writes (used for `--no-comment` and SetConfig). */
export function encodeConfigToml<S extends ConfigSchema> (schema: S, values: ConfigValue<S>): string {
  const out = { text: '' }
  writeSectionBody(schema, values as Record<string, unknown>, [], out)
  return out.text
}

function writeSectionBody (sec: Section<Entries>, value: Record<string, unknown>, key: string[], out: { text: string }): void {
  const pad = INDENT.repeat(key.length)
  for (const [name, e] of Object.entries(sec.entries)) {
    if (isTable(e)) continue
    const v = value[name]
    if (v === undefined) continue // a Go nil slice is left out of the file
    out.text += `${pad}${quoteKey(name)} = ${encodeValue(e, v)}\n`
  }
  for (const [name, e] of Object.entries(sec.entries)) {
    if (!isTable(e)) continue
    const v = value[name]
    if (v === undefined) continue
    writeTable(e, v as Record<string, unknown>, [...key, name], out)
  }
}

function writeTable (e: Entry, value: Record<string, unknown>, key: string[], out: { text: string }): void {
  if (key.length === 1 && out.text.length > 0) out.text += '\n'
  out.text += `${INDENT.repeat(key.length - 1)}[${key.map(quoteKey).join('.')}]\n`
  if (e.node === 'section') {
    writeSectionBody(e, value, key, out)
    return
  }
  const pad = INDENT.repeat(key.length)
  for (const k of Object.keys(value).sort()) {
    out.text += `${pad}${quoteKey(k)} = ${quoteString(String(value[k]))}\n`
  }
}

function encodeValue (e: Entry, v: unknown): string {
  if (e.node === 'section') throw new Error('a section is not a value')
  switch (e.kind) {
    case 'bool':
    case 'int':
    case 'int64':
    case 'uint':
    case 'uint64':
      return String(v)
    case 'string':
    case 'duration':
    case 'fil':
      return quoteString(String(v))
    case 'strings':
    case 'cids':
      return `[${(v as string[]).map(quoteString).join(', ')}]`
    case 'map':
      throw new Error('a map is written as a table')
  }
}

export function quoteKey (k: string): string {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : quoteString(k)
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' }

export function quoteString (s: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${s.replace(/["\\\u0000-\u001f\u007f]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`
}

export interface RenderOptions {
  /** Add doc/type/env-var comments and comment out default lines (Lotus's default; `--no-comment` turns it off). */
  readonly commented: boolean
}

/**
 * What `config default` prints (before the CLI's final newline) and what repo init writes:
 * Lotus's ConfigUpdate with no defaults to compare against, so with `commented` every value
 * line is commented out.
 */
export function renderConfig<S extends ConfigSchema> (schema: S, values: ConfigValue<S>, opts: RenderOptions): string {
  return configUpdate(schema, values, undefined, opts)
}

/**
 * Lotus `config.ConfigUpdate(cur, def, comment)`, the body of `config updated`. With
 * comments, a line is commented out when the same trimmed line appears anywhere in the
 * defaults' encoding (Lotus compares lines, not key paths, so a value equal to another
 * section's default is commented too). With `defaults`, the result is parsed back and must
 * equal `current`, else `updated config didn't match current config`, as in Lotus.
 */
export function configUpdate<S extends ConfigSchema> (
  schema: S, current: ConfigValue<S>, defaults: ConfigValue<S> | undefined, opts: RenderOptions
): string {
  let text = encodeConfigToml(schema, current)
  if (opts.commented) text = annotate(schema, text, defaults === undefined ? undefined : encodeConfigToml(schema, defaults))
  if (defaults !== undefined) {
    const reparsed = parseConfigText(schema, text, '<updated config>')
    if (!configEqual(reparsed, current)) throw new Error("updated config didn't match current config")
  }
  return text
}

function annotate (schema: ConfigSchema, text: string, defaultText: string | undefined): string {
  const defaults = new Set<string>()
  for (const raw of (defaultText ?? '').split('\n')) {
    const l = raw.trim()
    if (l.length === 0 || l.startsWith('#') || l.startsWith('[')) continue
    defaults.add(l)
  }
  const out: string[] = []
  let sectionName = ''
  for (const line of text.split('\n')) {
    const trimmed = line.trim()
    if (trimmed.startsWith('[')) {
      sectionName = /\[(.+)]/.exec(trimmed)?.[1] ?? ''
      out.push(line)
      continue
    }
    const pad = line.slice(0, line.length - line.trimStart().length)
    const words = trimmed.split(/\s+/).filter((w) => w !== '')
    const first = words[0]
    if (words.length > 1 && first !== undefined) {
      const e = entryAt(schema, [...sectionName.split('.'), first])
      if (e !== undefined && e.node === 'field') {
        if (e.doc !== '') {
          for (const docLine of e.doc.split('\n')) out.push(`${pad}# ${docLine}`)
          out.push(`${pad}#`)
        }
        out.push(`${pad}# type: ${e.goType}`)
      }
      out.push(`${pad}# env var: LOTUS_${sectionName.replaceAll('.', '_').toUpperCase()}_${first.toUpperCase()}`)
    }
    let emitted = line
    if ((defaultText === undefined || defaults.has(trimmed)) && line.length > 0) emitted = `${pad}#${line.slice(pad.length)}`
    out.push(emitted)
    if (emitted.length > 0) out.push('')
  }
  return out.join('\n')
}
