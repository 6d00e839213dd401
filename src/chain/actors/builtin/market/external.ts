import type { Address } from '../../../../core/address/index.js'
import { decodeCbor, encodeCbor } from '../../../../core/cbor/index.js'
import type { TokenAmount } from '../../../../core/types.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import { AccountMethods, authenticateMessageParamsCbor } from '../account/actor.js'
import { RewardActorAddr, StoragePowerActorAddr } from '../addresses.js'
import { StorageMinerActorCode } from '../codes.js'
import { RewardMethods, thisEpochRewardReturnCbor } from '../reward/actor.js'
import { currentTotalPowerReturnCbor, PowerMethods } from '../power/types.js'
import { getControlAddressesReturnCbor, MinerControlAddressesMethod, type GetControlAddressesReturn } from './types.js'

const zero = 0n as TokenAmount
const empty = new Uint8Array(0)

/** Whether `addr` (an ID address) runs the miner actor's code. */
export async function isMiner (rt: Runtime, addr: Address): Promise<boolean> {
  const code = await rt.getActorCodeCid(addr)
  return code !== null && code.equals(StorageMinerActorCode)
}

/** The miner's owner, worker and control addresses (its ControlAddresses method). */
export async function minerControlAddresses (rt: Runtime, miner: Address): Promise<GetControlAddressesReturn> {
  const ret = await rt.send(miner, MinerControlAddressesMethod, empty, zero)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, `failed to get control addresses of miner ${miner.toString()}`)
  return decodeCbor(getControlAddressesReturnCbor, ret.return, 'ControlAddresses return')
}

/** The reward actor's baseline power for this epoch. */
export async function currentBaselinePower (rt: Runtime): Promise<bigint> {
  const ret = await rt.send(RewardActorAddr, RewardMethods.ThisEpochReward, empty, zero)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to check epoch baseline power')
  return decodeCbor(thisEpochRewardReturnCbor, ret.return, 'ThisEpochReward return').ThisEpochBaselinePower
}

/** The network raw-byte power the power actor froze for this epoch. */
export async function currentNetworkRawPower (rt: Runtime): Promise<bigint> {
  const ret = await rt.send(StoragePowerActorAddr, PowerMethods.CurrentTotalPower, empty, zero)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to check current power')
  return decodeCbor(currentTotalPowerReturnCbor, ret.return, 'CurrentTotalPower return').RawBytePower
}

/** Asks the account at `client` (an ID address) to authenticate `signature` over `message`. */
export async function authenticate (rt: Runtime, client: Address, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  const params = encodeCbor(authenticateMessageParamsCbor, { Signature: signature, Message: message })
  const ret = await rt.send(client, AccountMethods.AuthenticateMessage, params, zero)
  return ret.exitCode === ExitCode.Ok
}
