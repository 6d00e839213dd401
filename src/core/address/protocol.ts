/** Address protocols, the first byte of an address (go-address `Protocol`). */
export const Protocol = {
  ID: 0,
  SECP256K1: 1,
  Actor: 2,
  BLS: 3,
  Delegated: 4
} as const
export type Protocol = typeof Protocol[keyof typeof Protocol]

/** The Ethereum address manager's namespace: `f410f…` addresses. */
export const EthereumAddressManagerActorId = 10n
