import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  CommonContract, FullAPIVersion0, FullAPIVersion1, MinerAPIVersion0, WorkerAPIVersion0, defineContract, lj, method,
  parsePermission, permissionsUpTo, versionMatchesMajorMinor, versionString
} from '../../../src/api/index.js'
import { InvalidInputError } from '../../../src/core/errors.js'

describe('contracts', () => {
  test('wire names must end with the Go method name and be unique', () => {
    assert.throws(() => defineContract({
      Version: method({ name: 'Filecoin.Versions', perm: 'read', summary: '', params: [], result: lj.none })
    }), /Version has wire name Filecoin.Versions/)
  })

  test('Common has Lotus v1.20 permissions', () => {
    const perms = Object.fromEntries(Object.entries(CommonContract).map(([k, d]) => [k, d.perm]))
    assert.deepEqual(perms, {
      AuthVerify: 'read',
      AuthNew: 'admin',
      LogList: 'write',
      LogSetLevel: 'write',
      LogAlerts: 'admin',
      Version: 'read',
      Discover: 'read',
      Shutdown: 'admin',
      StartTime: 'read',
      Session: 'read',
      Closing: 'read'
    })
    assert.equal(CommonContract.Closing.channel, true)
    assert.equal(CommonContract.Version.name, 'Filecoin.Version')
  })
})

describe('permissions and versions', () => {
  test('tokens carry cumulative permission lists', () => {
    assert.deepEqual(permissionsUpTo('read'), ['read'])
    assert.deepEqual(permissionsUpTo('write'), ['read', 'write'])
    assert.deepEqual(permissionsUpTo('admin'), ['read', 'write', 'sign', 'admin'])
    assert.throws(() => parsePermission('root', '--perm'), (err: unknown) =>
      err instanceof InvalidInputError && /--perm: permission 'root' has to be one of: read, write, sign, admin/.test(err.message))
  })

  test('API versions match Lotus v1.20', () => {
    assert.equal(FullAPIVersion0, 66816)
    assert.equal(FullAPIVersion1, 131840)
    assert.equal(MinerAPIVersion0, 66816)
    assert.equal(versionString(WorkerAPIVersion0), '1.7.0')
    assert.ok(versionMatchesMajorMinor(66817, MinerAPIVersion0))
    assert.ok(!versionMatchesMajorMinor(FullAPIVersion1, FullAPIVersion0))
  })
})
