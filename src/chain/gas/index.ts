// Gas: Nelumbo's documented pricelist, the per-message tracker, Lotus's fee split and base fee rule.
export { StorageGasMulti, GasPrices, type GasCharge, onChainMessage, onChainReturnValue, onMethodInvocation, onIpldGet, onIpldPut, onCreateActor, onVerifySignature, onHashing, onVerifySeal, onVerifyPoSt } from './pricelist.js'
export { GasTracker, OutOfGasError } from './tracker.js'
export { type GasOutputs, zeroGasOutputs, computeGasOutputs, computeGasOverestimationBurn } from './outcomes.js'
export { BlockGasLimit, BlockGasTarget, BaseFeeMaxChangeDenom, MinimumBaseFee, InitialBaseFee, computeNextBaseFee } from './basefee.js'
