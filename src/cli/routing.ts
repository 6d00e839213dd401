/**
 * Which node each command talks to, declared once on the command, and the one helper that
 * turns the declaration plus the global flags into a node type:
 *   full    → the full node                     (FULLNODE_API_INFO, --repo)
 *   miner   → the mining/sealing node           (MINER_API_INFO, --miner-repo)
 *   markets → the markets node                  (MARKETS_API_INFO, --markets-repo, then --miner-repo)
 *   common  → the binary's own node: on lotus-miner the miner, or markets with --call-on-markets
 *   local   → no node at all (reads the repo or prints defaults)
 * A subcommand inherits its group's target unless it declares its own (`sectors refs`).
 */
import type { Command } from 'commander'
import { NelumboError } from '../core/errors.js'
import type { CliIo } from './io.js'
import type { NodeType } from './endpoint/index.js'

export type CommandTarget = 'full' | 'miner' | 'markets' | 'common' | 'local'

/** What a binary's root command knows: its I/O, and where `common` commands go. */
export interface ProgramInfo {
  readonly io: CliIo
  /** `StorageMiner` on lotus-miner (Lotus's app.Metadata["repoType"]), `FullNode` on lotus. */
  readonly commonNodeType: NodeType
  /** Only lotus-miner has `--call-on-markets`. */
  readonly callOnMarketsFlag: boolean
}

const targets = new WeakMap<Command, CommandTarget>()
const programs = new WeakMap<Command, ProgramInfo>()

/** Declares which node a command (or a whole group) targets. */
export function routeTo<T extends Command> (cmd: T, target: CommandTarget): T {
  targets.set(cmd, target)
  return cmd
}

/** The target a command declares, or inherits from the nearest group that declares one. */
export function targetOf (cmd: Command): CommandTarget | undefined {
  for (let c: Command | null = cmd; c !== null; c = c.parent) {
    const t = targets.get(c)
    if (t !== undefined) return t
  }
  return undefined
}

export function setProgramInfo (root: Command, info: ProgramInfo): void {
  programs.set(root, info)
}

export function rootOf (cmd: Command): Command {
  let c = cmd
  while (c.parent !== null) c = c.parent
  return c
}

export function programInfo (cmd: Command): ProgramInfo {
  const info = programs.get(rootOf(cmd))
  if (info === undefined) throw new NelumboError('ERR_CLI_SETUP', `command '${cmd.name()}' is not part of a Nelumbo program`)
  return info
}

/** The routing rule itself, over plain values so tests can walk it directly. */
export function nodeTypeForTarget (target: CommandTarget, commonNodeType: NodeType, callOnMarkets: boolean): NodeType | undefined {
  switch (target) {
    case 'full': return 'FullNode'
    case 'miner': return 'StorageMiner'
    case 'markets': return 'Markets'
    case 'common': return callOnMarkets ? 'Markets' : commonNodeType
    case 'local': return undefined
  }
}

/** The node type a command's API calls go to, from its declaration and the global flags. */
export function nodeTypeForCommand (cmd: Command, override?: CommandTarget): NodeType {
  const target = override ?? targetOf(cmd)
  if (target === undefined) {
    throw new NelumboError('ERR_CLI_SETUP', `command '${commandPath(cmd)}' declares no target node`)
  }
  const info = programInfo(cmd)
  const callOnMarkets = info.callOnMarketsFlag && cmd.optsWithGlobals<{ callOnMarkets?: boolean }>().callOnMarkets === true
  const type = nodeTypeForTarget(target, info.commonNodeType, callOnMarkets)
  if (type === undefined) throw new NelumboError('ERR_CLI_SETUP', `command '${commandPath(cmd)}' works locally and calls no node`)
  return type
}

/** `auth create-token`: the command's names from below the root. */
export function commandPath (cmd: Command): string {
  const names: string[] = []
  for (let c: Command | null = cmd; c?.parent != null; c = c.parent) names.unshift(c.name())
  return names.join(' ')
}
