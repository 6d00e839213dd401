/**
 * The network letter printed in front of addresses: `f` on mainnet, `t` on test networks.
 * Like go-address's `CurrentNetwork` it is process-wide; Nelumbo's embedded default is a
 * local devnet, which prints `t` as Lotus test networks do. Parsing accepts both letters.
 */
export type Network = 'mainnet' | 'testnet'

export const MainnetPrefix = 'f'
export const TestnetPrefix = 't'

let current: Network = 'testnet'

/** Sets the network whose letter `Address.toString()` prints by default. */
export function setCurrentNetwork (network: Network): void {
  if (network !== 'mainnet' && network !== 'testnet') {
    throw new TypeError(`unknown network ${JSON.stringify(network)}: expected "mainnet" or "testnet"`)
  }
  current = network
}

/** The network whose letter `Address.toString()` prints by default. */
export function currentNetwork (): Network {
  return current
}

export function networkPrefix (network: Network): string {
  return network === 'mainnet' ? MainnetPrefix : TestnetPrefix
}
