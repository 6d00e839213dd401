import { Command, CommanderError } from 'commander'
import { BUILD_VERSION } from '../version.js'

/** A root command for one of our binaries: `--help` and `--version` work on every one. */
export function makeProgram (name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .version(`${name} version ${BUILD_VERSION}`, '-v, --version', 'print the version')
    .showHelpAfterError()
}

export interface ProgramOutput {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

const processOutput: ProgramOutput = {
  stdout: (text) => { process.stdout.write(text) },
  stderr: (text) => { process.stderr.write(text) }
}

/**
 * Runs a program and returns its exit code: thrown errors become one `ERROR: …` line and exit
 * code 1, as Lotus's CLI does. Stack traces are for bugs, not for bad input. `argv` is as
 * `process.argv` (node, script, args…) unless `from: 'user'`.
 */
export async function executeProgram (
  program: Command,
  argv: string[],
  options: { from?: 'node' | 'user', output?: ProgramOutput, debug?: boolean } = {}
): Promise<number> {
  const output = options.output ?? processOutput
  // Commander copies these settings only to subcommands made with .command(), so set them on all.
  forEachCommand(program, (cmd) => {
    cmd.exitOverride()
    cmd.configureOutput({ writeOut: output.stdout, writeErr: output.stderr })
  })
  try {
    await program.parseAsync(argv, { from: options.from ?? 'node' })
    return 0
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode
    const message = err instanceof Error ? err.message : String(err)
    output.stderr(`ERROR: ${message}\n`)
    if (options.debug === true && err instanceof Error) output.stderr(`${err.stack ?? ''}\n`)
    return 1
  }
}

/** Runs a program in this process and sets the process exit code from it. */
export async function runProgram (program: Command, argv: string[] = process.argv): Promise<void> {
  process.exitCode = await executeProgram(program, argv, { debug: process.env.NELUMBO_DEBUG === '1' })
}

function forEachCommand (cmd: Command, fn: (cmd: Command) => void): void {
  fn(cmd)
  for (const sub of cmd.commands) forEachCommand(sub, fn)
}
