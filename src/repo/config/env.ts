/**
 * `LOTUS_*` overrides, as Lotus applies them with envconfig after reading config.toml: the
 * variable is `LOTUS_` + section path + `_` + field, upper-cased, with the common sections at
 * the top level (LOTUS_API_LISTENADDRESS, LOTUS_FEES_MAXPRECOMMITBATCHGASFEE_BASE). Lists are
 * comma-separated; maps are `key:value,key:value` and replace the whole map. A bad value is an
 * error naming the variable.
 */
import { ConfigError } from '../errors.js'
import type { ConfigSchema, Entries, Field, Section } from './schema.js'
import { ValueError, checkCid, checkDuration, checkFil, parseGoBool, parseGoInt } from './values.js'

/** Every override variable of a schema with the key path it sets, in schema order. */
export function envVarNames (schema: ConfigSchema): Array<{ name: string, keyPath: string }> {
  const out: Array<{ name: string, keyPath: string }> = []
  walk(schema, 'LOTUS', [], (name, path) => out.push({ name, keyPath: path.join('.') }))
  return out
}

/** Applies the overrides present in `env` to `cfg` in place. */
export function applyEnvOverrides (schema: ConfigSchema, cfg: object, env: NodeJS.ProcessEnv): void {
  walk(schema, 'LOTUS', [], (name, path, field) => {
    const text = env[name]
    if (text === undefined) return
    let target = cfg as Record<string, unknown>
    for (const seg of path.slice(0, -1)) target = target[seg] as Record<string, unknown>
    try {
      target[path[path.length - 1] ?? ''] = parseEnvValue(field, text)
    } catch (err) {
      if (!(err instanceof ValueError)) throw err
      throw new ConfigError(`cannot use ${JSON.stringify(text)} for ${path.join('.')} (${field.goType}): ${err.message}`, {
        source: `environment variable ${name}`, keyPath: path.join('.'), value: text
      })
    }
  })
}

function walk (sec: Section<Entries>, prefix: string, path: string[], visit: (name: string, path: string[], field: Field<unknown>) => void): void {
  for (const [key, e] of Object.entries(sec.entries)) {
    const name = `${prefix}_${key.toUpperCase()}`
    if (e.node === 'section') walk(e, name, [...path, key], visit)
    else visit(name, [...path, key], e)
  }
}

function parseEnvValue (field: Field<unknown>, text: string): unknown {
  switch (field.kind) {
    case 'bool': return parseGoBool(text)
    case 'string': return text
    case 'int':
    case 'int64':
    case 'uint':
    case 'uint64':
      return parseGoInt(text, field.kind)
    case 'duration': return checkDuration(text)
    case 'fil': return checkFil(text)
    case 'strings': return text.trim() === '' ? [] : text.split(',')
    case 'cids': return text.trim() === '' ? [] : text.split(',').map(checkCid)
    case 'map': {
      const out: Record<string, string> = {}
      if (text.trim() === '') return out
      for (const pair of text.split(',')) {
        const kv = pair.split(':')
        if (kv.length !== 2) throw new ValueError(`invalid map item: ${JSON.stringify(pair)} (expected key:value)`)
        out[kv[0] ?? ''] = kv[1] ?? ''
      }
      return out
    }
  }
}
