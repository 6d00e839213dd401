import * as lj from '../../codecs/index.js'
import type { Codec } from '../../codecs/index.js'
import { named } from './named.js'

// Go encoding/json behaviours the shared codecs do not cover.

/**
 * time.Time as Go prints it (RFC 3339 with nanoseconds, trailing zeros dropped):
 * `"0001-01-01T00:00:00Z"`, never JavaScript's `".000Z"`. Reads any RFC 3339 time.
 */
export const GoTime = named<Date>('Time', {
  toJson: (v) => v.toISOString().replace(/\.(\d*?)0*Z$/, (_m, digits: string) => digits === '' ? 'Z' : `.${digits}Z`),
  fromJson: lj.time.fromJson
})

/** time.Duration: integer nanoseconds. */
export const Duration = named('Duration', lj.duration)

/**
 * A struct field Go fills with its zero value when the JSON leaves it out (an older client
 * that does not know the field): reads `zero` instead of failing, writes the field always.
 */
export function zeroIfAbsent<T> (codec: Codec<T>, zero: unknown): Codec<T> {
  return {
    toJson: codec.toJson,
    fromJson: (json, path) => codec.fromJson(json === undefined ? zero : json, path)
  }
}

/** uuid.UUID's zero value, as Go prints it. */
export const ZeroUuid = '00000000-0000-0000-0000-000000000000'
