import { Command, CommanderError } from 'commander'
import { BUILD_VERSION } from '../version.js'

/** A root command for one of our binaries: `--help` and `--version` work on every one. */
export function makeProgram (name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .version(`${name} version ${BUILD_VERSION}`, '-v, --version', 'print the version')
    .showHelpAfterError()
}

/**
 * Runs a program and turns thrown errors into one `ERROR: …` line and exit code 1, as Lotus's
 * CLI does. Stack traces are for bugs, not for bad input.
 */
export async function runProgram (program: Command, argv: string[] = process.argv): Promise<void> {
  program.exitOverride()
  try {
    await program.parseAsync(argv)
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode
      return
    }
    const message = err instanceof Error ? err.message : String(err)
    process.stderr.write(`ERROR: ${message}\n`)
    if (process.env.NELUMBO_DEBUG === '1' && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n`)
    process.exitCode = 1
  }
}
