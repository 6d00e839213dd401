export { startMarketsNode, type MarketsNode, type MarketsNodeOptions } from './start.js'
