import { test } from 'node:test'
import assert from 'node:assert/strict'
import { RegisteredPoStProof, RegisteredSealProof } from '../../../src/core/sector/index.js'
import {
  devnetPolicy, mainnetPolicy, NetworkPolicyError, policyFromNetworkParams, policyProblems
} from '../../../src/chain/actors/network-policy.js'
import { DEFAULT_NETWORK_PARAMS } from '../../../src/chain/genesis/network-params.js'

test('the default network parameters give the devnet policy, restricted to their sector sizes', () => {
  const p = policyFromNetworkParams(DEFAULT_NETWORK_PARAMS)
  assert.equal(p.WPoStProvingPeriod, devnetPolicy.WPoStProvingPeriod)
  assert.equal(p.WPoStChallengeWindow, devnetPolicy.WPoStChallengeWindow)
  assert.equal(p.WPoStChallengeLookback, devnetPolicy.WPoStChallengeLookback)
  assert.equal(p.FaultDeclarationCutoff, devnetPolicy.FaultDeclarationCutoff)
  assert.equal(p.PreCommitChallengeDelay, 10)
  assert.equal(p.MaxProveCommitDuration, devnetPolicy.MaxProveCommitDuration)
  assert.equal(p.MinimumConsensusPower, 2048n)
  assert.deepEqual(p.ValidPreCommitProofTypes, [RegisteredSealProof.StackedDrg2KiBV1_1, RegisteredSealProof.StackedDrg8MiBV1_1])
  assert.deepEqual(p.ValidPoStProofTypes, [RegisteredPoStProof.StackedDrgWindow2KiBV1_1, RegisteredPoStProof.StackedDrgWindow8MiBV1_1])
  assert.deepEqual(policyProblems(p), [])
  assert.ok(Object.isFrozen(p))
})

test('a short challenge window shrinks the lookback and fault cutoff to fit', () => {
  const p = policyFromNetworkParams({ ...DEFAULT_NETWORK_PARAMS, WPoStProvingPeriod: 96, WPoStChallengeWindow: 2, PreCommitChallengeDelay: 5 })
  assert.equal(p.WPoStChallengeLookback, 2)
  assert.equal(p.FaultDeclarationCutoff, 2)
  assert.equal(p.WPoStMaxChainCommitAge, 2)
  assert.equal(p.MaxProveCommitDuration, 30 * 2880 + 5)
  assert.deepEqual(policyProblems(p), [])
  assert.equal(policyFromNetworkParams(DEFAULT_NETWORK_PARAMS, mainnetPolicy).EpochsInDay, mainnetPolicy.EpochsInDay)
})

test('inconsistent parameters are refused with the problems named', () => {
  assert.throws(() => policyFromNetworkParams({ ...DEFAULT_NETWORK_PARAMS, WPoStProvingPeriod: 100 }),
    (err: unknown) => err instanceof NetworkPolicyError && err.problems.length === 1 && /WPoStProvingPeriod 100/.test(err.message))
  assert.throws(() => policyFromNetworkParams({ ...DEFAULT_NETWORK_PARAMS, SupportedSectorSizes: [4096] }))
})
