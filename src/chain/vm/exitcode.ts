/**
 * Message exit codes, with Filecoin's numbers and names (go-state-types `exitcode`): 0 is
 * success, 1–15 are the system's (the VM refused or aborted the call), 16–31 the common actor
 * errors, 32 and up actor-specific.
 */
export const ExitCode = {
  Ok: 0,
  SysErrSenderInvalid: 1,
  SysErrSenderStateInvalid: 2,
  SysErrInvalidMethod: 3,
  SysErrIllegalInstruction: 4,
  SysErrInvalidReceiver: 5,
  SysErrInsufficientFunds: 6,
  SysErrOutOfGas: 7,
  SysErrForbidden: 8,
  SysErrIllegalActor: 9,
  SysErrIllegalArgument: 10,
  SysErrMissingReturn: 11,
  ErrIllegalArgument: 16,
  ErrNotFound: 17,
  ErrForbidden: 18,
  ErrInsufficientFunds: 19,
  ErrIllegalState: 20,
  ErrSerialization: 21,
  ErrUnhandledMessage: 22,
  ErrUnspecified: 23,
  ErrAssertionFailed: 24,
  ErrReadOnly: 25,
  ErrNotPayable: 26,
  FirstActorSpecificExitCode: 32
} as const

/** An exit code: one of {@link ExitCode} or an actor-specific number (≥ 32). */
export type ExitCode = number

const names = new Map<number, string>(
  Object.entries(ExitCode).filter(([k]) => k !== 'FirstActorSpecificExitCode').map(([k, v]) => [v, k])
)

/** The name Lotus prints for an exit code (`SysErrOutOfGas(7)`), or `ExitCode(n)`. */
export function exitCodeName (code: ExitCode): string {
  const name = names.get(code)
  return name === undefined ? `ExitCode(${code})` : `${name}(${code})`
}

/** Exit codes below 16 are the system's. */
export function isSystemExitCode (code: ExitCode): boolean {
  return code > 0 && code < 16
}
