/**
 * Finds the line where a key path is written in TOML text, so config errors can say
 * `config.toml:12`. smol-toml returns plain objects without positions; this light scanner
 * follows `[table]` / `[[array]]` headers and `key = …` lines (bare, quoted and dotted keys),
 * which is all a config file needs. Inline tables resolve to the line of their key.
 */

/** 1-based line of `path`, or of its longest written prefix; undefined when none is found. */
export function findKeyLine (text: string, path: readonly string[]): number | undefined {
  let table: string[] = []
  let best: { line: number, depth: number } | undefined
  const consider = (keyPath: string[], line: number): boolean => {
    let depth = 0
    while (depth < keyPath.length && depth < path.length && keyPath[depth] === path[depth]) depth++
    if (depth !== keyPath.length) return false
    if (depth === path.length) return true
    if (best === undefined || depth > best.depth) best = { line, depth }
    return false
  }
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const s = (lines[i] ?? '').trimStart()
    if (s === '' || s.startsWith('#')) continue
    if (s.startsWith('[')) {
      const arr = s.startsWith('[[')
      const keys = parseKeyPath(s.slice(arr ? 2 : 1))
      if (keys === undefined) continue
      table = keys.path
      if (consider(table, i + 1)) return i + 1
      continue
    }
    const keys = parseKeyPath(s)
    if (keys === undefined || !keys.rest.trimStart().startsWith('=')) continue
    if (consider([...table, ...keys.path], i + 1)) return i + 1
  }
  return best?.line
}

/** Parses `a."b c".d` at the start of `s`; returns the segments and the text after them. */
function parseKeyPath (s: string): { path: string[], rest: string } | undefined {
  const path: string[] = []
  let rest = s
  for (;;) {
    rest = rest.trimStart()
    let m: RegExpExecArray | null
    if ((m = /^[A-Za-z0-9_-]+/.exec(rest)) !== null) {
      path.push(m[0])
    } else if ((m = /^"((?:[^"\\]|\\.)*)"/.exec(rest)) !== null) {
      path.push(unescapeBasic(m[1] ?? ''))
    } else if ((m = /^'([^']*)'/.exec(rest)) !== null) {
      path.push(m[1] ?? '')
    } else {
      return undefined
    }
    rest = rest.slice(m[0].length).trimStart()
    if (!rest.startsWith('.')) return { path, rest }
    rest = rest.slice(1)
  }
}

function unescapeBasic (s: string): string {
  try {
    return JSON.parse(`"${s}"`) as string
  } catch {
    return s
  }
}
