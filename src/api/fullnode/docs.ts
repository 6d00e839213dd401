import * as lj from '../codecs/index.js'
import { Alert, APIVersion, permission } from '../common.js'
import type { Contract, MethodDef } from '../contract.js'
import { typeNameOf } from './types/named.js'

// Renders an API contract as a Markdown surface document (docs/api/*.md). The generator script
// and the drift test both call this, so a committed doc that differs from the contract fails.

/** Names of shared codecs that carry no type name of their own. */
const SHARED_NAMES = new Map<object, string>([
  [lj.string, 'string'], [lj.bool, 'bool'], [lj.int, 'int64'], [lj.uint, 'uint64'], [lj.bigInt, 'BigInt'],
  [lj.bytes, '[]byte'], [lj.cid, 'Cid'], [lj.time, 'Time'], [lj.duration, 'Duration'], [lj.uuid, 'UUID'],
  [lj.none, 'error'], [lj.empty, 'struct{}'], [lj.raw, 'JSON'],
  [permission, 'Permission'], [APIVersion, 'APIVersion'], [Alert, 'Alert']
])

function typeName (codec: object): string {
  return SHARED_NAMES.get(codec) ?? typeNameOf(codec)
}

function cell (text: string): string {
  return text.replace(/\|/g, '\\|')
}

/** A type list in a code span, or a dash for none. */
function code (text: string): string {
  return text === '' || text === '—' ? '—' : `\`${cell(text)}\``
}

function resultText (def: MethodDef): string {
  const name = typeName(def.result)
  if (def.channel) return `<-chan ${name}`
  return name === 'error' ? '—' : name
}

export interface ContractDocOptions {
  /** Heading of the document. */
  title: string
  /** One paragraph under the heading: endpoint, source, how it is made. */
  intro: string
}

/** A Markdown table of every method: Go name, wire name, permission, params, result and summary, sorted by name. */
export function renderContractDoc (contract: Contract, options: ContractDocOptions): string {
  const lines = [
    `# ${options.title}`,
    '',
    options.intro,
    '',
    `${Object.keys(contract).length} methods.`,
    '',
    '| Method | Perm | Params | Result | Summary |',
    '|---|---|---|---|---|'
  ]
  for (const key of Object.keys(contract).sort()) {
    const def = contract[key] as MethodDef
    const params = def.params.map((p) => typeName(p)).join(', ')
    lines.push(`| \`${key}\` | ${def.perm} | ${code(params)} | ${code(resultText(def))} | ${cell(def.summary)} |`)
  }
  return lines.join('\n') + '\n'
}
