// Lotus JSON codecs of the types the FullNode API carries, each named as Lotus names it.
export * from './named.js'
export * from './go.js'
export * from './scalars.js'
export * from './chain.js'
export * from './api.js'
export * from './miner.js'
export * from './market.js'
