/**
 * The storage miner actor (builtin-actors `miner`), as data: method numbers and parameter
 * shapes as builtin-actors, handlers split by concern in this folder. Only the power actor may
 * create miners (through init Exec).
 */
import { address } from '../../../../core/cbor/scalars.js'
import { anyCaller, callerIs, defineActor, method } from '../../../vm/actor.js'
import { InitActorAddr, RewardActorAddr } from '../addresses.js'
import { StorageMinerActorCode, StoragePowerActorCode } from '../codes.js'
import {
  applyRewards, changeMultiaddrs, changeOwnerAddress, changePeerId, changeWorkerAddress, confirmChangeWorkerAddress, construct,
  controlAddresses, repayDebtMethod, withdrawBalance
} from './info.js'
import { sectorMethods } from './sector-methods.js'
import {
  applyRewardParamsCbor, changeMultiaddrsParamsCbor, changePeerIdParamsCbor, changeWorkerAddressParamsCbor,
  getControlAddressesReturnCbor, minerConstructorParamsCbor, MinerMethods, withdrawBalanceParamsCbor, withdrawBalanceReturnCbor
} from './types.js'

export const minerActor = defineActor({
  name: 'storageminer',
  code: StorageMinerActorCode,
  execableBy: [StoragePowerActorCode],
  methods: {
    [MinerMethods.Constructor]: method({
      name: 'Constructor', params: minerConstructorParamsCbor, returns: null, callers: callerIs(InitActorAddr), handler: construct
    }),
    [MinerMethods.ControlAddresses]: method({
      name: 'ControlAddresses', params: null, returns: getControlAddressesReturnCbor, callers: anyCaller, handler: controlAddresses
    }),
    [MinerMethods.ChangeWorkerAddress]: method({
      name: 'ChangeWorkerAddress', params: changeWorkerAddressParamsCbor, returns: null, callers: anyCaller, handler: changeWorkerAddress
    }),
    [MinerMethods.ChangePeerID]: method({
      name: 'ChangePeerID', params: changePeerIdParamsCbor, returns: null, callers: anyCaller, handler: changePeerId
    }),
    [MinerMethods.ApplyRewards]: method({
      name: 'ApplyRewards', params: applyRewardParamsCbor, returns: null, callers: callerIs(RewardActorAddr), handler: applyRewards
    }),
    [MinerMethods.WithdrawBalance]: method({
      name: 'WithdrawBalance', params: withdrawBalanceParamsCbor, returns: withdrawBalanceReturnCbor, callers: anyCaller, handler: withdrawBalance
    }),
    [MinerMethods.ChangeMultiaddrs]: method({
      name: 'ChangeMultiaddrs', params: changeMultiaddrsParamsCbor, returns: null, callers: anyCaller, handler: changeMultiaddrs
    }),
    [MinerMethods.ConfirmChangeWorkerAddress]: method({
      name: 'ConfirmChangeWorkerAddress', params: null, returns: null, callers: anyCaller, handler: confirmChangeWorkerAddress
    }),
    [MinerMethods.RepayDebt]: method({
      name: 'RepayDebt', params: null, returns: null, callers: anyCaller, handler: repayDebtMethod
    }),
    [MinerMethods.ChangeOwnerAddress]: method({
      name: 'ChangeOwnerAddress', params: address, returns: null, callers: anyCaller, handler: changeOwnerAddress
    }),
    ...sectorMethods
  }
})
