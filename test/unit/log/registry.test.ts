import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { LogRegistry, NoSuchLoggerError, parseLevelSpec } from '../../../src/log/index.js'

function collect (): { lines: () => Array<Record<string, unknown>>, sink: { write: (s: string) => void } } {
  const out: string[] = []
  return {
    sink: { write: (s) => { out.push(s) } },
    lines: () => out.join('').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
  }
}

describe('log registry', () => {
  test('subsystems write JSON lines with level, ts, logger and msg', () => {
    const c = collect()
    const reg = new LogRegistry({ sink: c.sink })
    reg.logger('rpc').info({ method: 'Filecoin.Version' }, 'served')
    const [line] = c.lines()
    assert.equal(line?.level, 'info')
    assert.equal(line?.logger, 'rpc')
    assert.equal(line?.msg, 'served')
    assert.equal(line?.method, 'Filecoin.Version')
    assert.match(String(line?.ts), /^\d{4}-\d\d-\d\dT/)
  })

  test('levels change per subsystem at run time', () => {
    const c = collect()
    const reg = new LogRegistry({ sink: c.sink })
    const rpc = reg.logger('rpc')
    const sectors = reg.logger('sectors')
    rpc.debug('hidden')
    reg.setLevel('rpc', 'debug')
    rpc.debug('shown')
    sectors.debug('still hidden')
    reg.setLevel('sectors', 'ERROR')
    sectors.warn('hidden too')
    sectors.error('shown too')
    assert.deepEqual(c.lines().map((l) => l.msg), ['shown', 'shown too'])
    assert.deepEqual(reg.list(), ['rpc', 'sectors'])
    assert.equal(reg.levelOf('sectors'), 'error')
  })

  test('"*" sets every subsystem and the default for later ones', () => {
    const reg = new LogRegistry({ sink: { write: () => {} } })
    reg.logger('a')
    reg.setLevel('*', 'warn')
    reg.logger('b')
    assert.deepEqual([reg.levelOf('a'), reg.levelOf('b')], ['warn', 'warn'])
  })

  test('unknown subsystem and unknown level are refused', () => {
    const reg = new LogRegistry({ sink: { write: () => {} } })
    reg.logger('rpc')
    assert.throws(() => reg.setLevel('nope', 'info'), NoSuchLoggerError)
    assert.throws(() => reg.setLevel('rpc', 'loud'), /unrecognized level: "loud"/)
  })

  test('GOLOG_LOG_LEVEL: a default and per-subsystem levels', () => {
    const reg = new LogRegistry({ sink: { write: () => {} }, levels: 'error,rpc=debug' })
    reg.logger('rpc')
    reg.logger('chain')
    assert.deepEqual([reg.levelOf('rpc'), reg.levelOf('chain')], ['debug', 'error'])
    assert.throws(() => parseLevelSpec('=debug'), /GOLOG_LOG_LEVEL/)
    assert.throws(() => parseLevelSpec('rpc=chatty'), /GOLOG_LOG_LEVEL: unrecognized level/)
  })
})
