/**
 * Nelumbo's gas model: a short, fixed table instead of Filecoin's FVM instruction metering.
 * The figures are the ones of Lotus's pre-FVM "calico" pricelist (chain/vm/gas.go), so gas
 * estimates, fee caps and the base fee behave at familiar scales:
 *
 * | charge                  | gas                                                        |
 * |-------------------------|------------------------------------------------------------|
 * | message on chain        | 38_863 + (36 + message bytes) × 1_300                      |
 * | return value            | return bytes × 1_300                                       |
 * | actor call (each send)  | 29_233; + 27_500 if value moves; + 159_672 for a plain     |
 * |                         | value send (method 0); - 5_377 when a method is invoked    |
 * | state read (per block)  | 114_617                                                    |
 * | state write (per block) | 353_640 + block bytes × 1_300                              |
 * | actor creation          | 1_108_454 + (36 + 40) × 1_300                              |
 * | signature check         | secp256k1 1_637_292, BLS 16_598_605                        |
 * | hashing                 | 31_355                                                     |
 * | dev PoRep verification  | 40_000_000 (ours: a Merkle inclusion proof check)          |
 * | dev PoSt verification   | 120_000_000 per proof (ours)                               |
 *
 * Storage is priced at 1_300 gas a byte (calico's StorageGasMulti). Implicit messages (cron,
 * rewards) are metered the same way but never charged.
 */
export const StorageGasMulti = 1_300n

export const GasPrices = {
  onChainMessageComputeBase: 38_863n,
  onChainMessageStorageBase: 36n,
  onChainReturnValuePerByte: 1n,
  sendBase: 29_233n,
  sendTransferFunds: 27_500n,
  sendTransferOnlyPremium: 159_672n,
  sendInvokeMethod: -5_377n,
  ipldGetBase: 114_617n,
  ipldPutBase: 353_640n,
  ipldPutPerByte: 1n,
  createActorCompute: 1_108_454n,
  createActorStorage: 36n + 40n,
  verifySecp256k1: 1_637_292n,
  verifyBls: 16_598_605n,
  hashing: 31_355n,
  verifySeal: 40_000_000n,
  verifyPoSt: 120_000_000n
} as const

/** A named amount of gas, so traces and out-of-gas errors say what ran out. */
export interface GasCharge {
  name: string
  gas: bigint
}

export function onChainMessage (messageBytes: number): GasCharge {
  return {
    name: 'OnChainMessage',
    gas: GasPrices.onChainMessageComputeBase + (GasPrices.onChainMessageStorageBase + BigInt(messageBytes)) * StorageGasMulti
  }
}

export function onChainReturnValue (returnBytes: number): GasCharge {
  return { name: 'OnChainReturnValue', gas: BigInt(returnBytes) * GasPrices.onChainReturnValuePerByte * StorageGasMulti }
}

export function onMethodInvocation (value: bigint, method: bigint): GasCharge {
  let gas = GasPrices.sendBase
  if (value !== 0n) {
    gas += GasPrices.sendTransferFunds
    if (method === 0n) gas += GasPrices.sendTransferOnlyPremium
  }
  if (method !== 0n) gas += GasPrices.sendInvokeMethod
  return { name: 'OnMethodInvocation', gas }
}

export function onIpldGet (): GasCharge {
  return { name: 'OnIpldGet', gas: GasPrices.ipldGetBase }
}

export function onIpldPut (blockBytes: number): GasCharge {
  return { name: 'OnIpldPut', gas: GasPrices.ipldPutBase + BigInt(blockBytes) * GasPrices.ipldPutPerByte * StorageGasMulti }
}

export function onCreateActor (): GasCharge {
  return { name: 'OnCreateActor', gas: GasPrices.createActorCompute + GasPrices.createActorStorage * StorageGasMulti }
}

export function onVerifySignature (bls: boolean): GasCharge {
  return { name: 'OnVerifySignature', gas: bls ? GasPrices.verifyBls : GasPrices.verifySecp256k1 }
}

export function onHashing (): GasCharge {
  return { name: 'OnHashing', gas: GasPrices.hashing }
}

export function onVerifySeal (): GasCharge {
  return { name: 'OnVerifySeal', gas: GasPrices.verifySeal }
}

export function onVerifyPoSt (proofs: number): GasCharge {
  return { name: 'OnVerifyPost', gas: GasPrices.verifyPoSt * BigInt(Math.max(1, proofs)) }
}
