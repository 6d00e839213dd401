import { defineContract, method } from '../contract.js'
import { MinerSectors } from './types/api.js'
import { TipSetKey } from './types/chain.js'
import {
  Deadline, DeadlineInfo, MinerInfo, MinerPower, Partition, SectorLocation, SectorOnChainInfo, SectorPreCommitInfo,
  SectorPreCommitOnChainInfo
} from './types/miner.js'
import { ptr, slice } from './types/named.js'
import { Address, BitField, Bool, SectorNumber, TokenAmount, Uint64, UndefAddress } from './types/scalars.js'

/** Lotus's `StateMiner*` / `StateSector*` methods: miner actor and power state (v1.20). */
export const StateMinerContract = defineContract({
  StateMinerSectors: method({
    name: 'Filecoin.StateMinerSectors',
    perm: 'read',
    summary: "Returns a miner's sectors, only those in the bitfield if one is given.",
    params: [Address, ptr(BitField), TipSetKey],
    result: slice(SectorOnChainInfo)
  }),
  StateMinerActiveSectors: method({
    name: 'Filecoin.StateMinerActiveSectors',
    perm: 'read',
    summary: "Returns a miner's active sectors (proven, not faulty, not terminated).",
    params: [Address, TipSetKey],
    result: slice(SectorOnChainInfo)
  }),
  StateMinerProvingDeadline: method({
    name: 'Filecoin.StateMinerProvingDeadline',
    perm: 'read',
    summary: "Returns the miner's current proving deadline and the proving-period parameters.",
    params: [Address, TipSetKey],
    result: DeadlineInfo
  }),
  StateMinerPower: method({
    name: 'Filecoin.StateMinerPower',
    perm: 'read',
    summary: "Returns a miner's power, the network's total and whether the miner meets the minimum (\"<empty>\" for the network total alone).",
    params: [UndefAddress, TipSetKey],
    result: MinerPower
  }),
  StateMinerInfo: method({
    name: 'Filecoin.StateMinerInfo',
    perm: 'read',
    summary: "Returns a miner's info: owner, worker, control addresses, peer ID, multiaddrs, sector size.",
    params: [Address, TipSetKey],
    result: MinerInfo
  }),
  StateMinerDeadlines: method({
    name: 'Filecoin.StateMinerDeadlines',
    perm: 'read',
    summary: "Returns all of a miner's proving deadlines.",
    params: [Address, TipSetKey],
    result: slice(Deadline)
  }),
  StateMinerPartitions: method({
    name: 'Filecoin.StateMinerPartitions',
    perm: 'read',
    summary: 'Returns the partitions of one of a miner\'s deadlines.',
    params: [Address, Uint64, TipSetKey],
    result: slice(Partition)
  }),
  StateMinerFaults: method({
    name: 'Filecoin.StateMinerFaults',
    perm: 'read',
    summary: "Returns the numbers of a miner's faulty sectors.",
    params: [Address, TipSetKey],
    result: BitField
  }),
  StateMinerRecoveries: method({
    name: 'Filecoin.StateMinerRecoveries',
    perm: 'read',
    summary: "Returns the numbers of a miner's sectors declared recovering.",
    params: [Address, TipSetKey],
    result: BitField
  }),
  StateMinerPreCommitDepositForPower: method({
    name: 'Filecoin.StateMinerPreCommitDepositForPower',
    perm: 'read',
    summary: 'Returns the pre-commit deposit a sector with the given info would need.',
    params: [Address, SectorPreCommitInfo, TipSetKey],
    result: TokenAmount
  }),
  StateMinerInitialPledgeCollateral: method({
    name: 'Filecoin.StateMinerInitialPledgeCollateral',
    perm: 'read',
    summary: 'Returns the initial pledge a sector with the given info would need.',
    params: [Address, SectorPreCommitInfo, TipSetKey],
    result: TokenAmount
  }),
  StateMinerAvailableBalance: method({
    name: 'Filecoin.StateMinerAvailableBalance',
    perm: 'read',
    summary: "Returns the part of a miner's balance that can be withdrawn or spent.",
    params: [Address, TipSetKey],
    result: TokenAmount
  }),
  StateMinerSectorAllocated: method({
    name: 'Filecoin.StateMinerSectorAllocated',
    perm: 'read',
    summary: 'Says whether a sector number has been allocated by a miner.',
    params: [Address, SectorNumber, TipSetKey],
    result: Bool
  }),
  StateMinerSectorCount: method({
    name: 'Filecoin.StateMinerSectorCount',
    perm: 'read',
    summary: "Counts a miner's live, active and faulty sectors.",
    params: [Address, TipSetKey],
    result: MinerSectors
  }),
  StateSectorPreCommitInfo: method({
    name: 'Filecoin.StateSectorPreCommitInfo',
    perm: 'read',
    summary: 'Returns the on-chain info of a pre-committed sector; null if it is not pre-committed.',
    params: [Address, SectorNumber, TipSetKey],
    result: ptr(SectorPreCommitOnChainInfo)
  }),
  StateSectorGetInfo: method({
    name: 'Filecoin.StateSectorGetInfo',
    perm: 'read',
    summary: 'Returns the on-chain info of a proven sector; null if there is none.',
    params: [Address, SectorNumber, TipSetKey],
    result: ptr(SectorOnChainInfo)
  }),
  StateSectorPartition: method({
    name: 'Filecoin.StateSectorPartition',
    perm: 'read',
    summary: 'Returns the deadline and partition holding a sector.',
    params: [Address, SectorNumber, TipSetKey],
    result: SectorLocation
  }),
  StateListMiners: method({
    name: 'Filecoin.StateListMiners',
    perm: 'read',
    summary: 'Lists the addresses of all miners registered with the power actor.',
    params: [TipSetKey],
    result: slice(Address)
  })
})
