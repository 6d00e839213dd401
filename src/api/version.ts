/**
 * API versions as Lotus encodes them (`api/version.go`): `major<<16 | minor<<8 | patch`, sent as
 * a JSON number in `Version().APIVersion`. Values are Lotus v1.20's, which we are compatible with.
 */
export type ApiVersion = number

export function newVer (major: number, minor: number, patch: number): ApiVersion {
  return ((major & 0xff) << 16) | ((minor & 0xff) << 8) | (patch & 0xff)
}

export function versionInts (v: ApiVersion): [major: number, minor: number, patch: number] {
  return [(v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]
}

/** `1.5.0` */
export function versionString (v: ApiVersion): string {
  return versionInts(v).join('.')
}

/** Lotus's handshake rule for services and the CLI: major and minor must match; patch may differ. */
export function versionMatchesMajorMinor (remote: ApiVersion, expected: ApiVersion): boolean {
  return (remote & 0xffff00) === (expected & 0xffff00)
}

export const FullAPIVersion0: ApiVersion = newVer(1, 5, 0)
export const FullAPIVersion1: ApiVersion = newVer(2, 3, 0)
export const MinerAPIVersion0: ApiVersion = newVer(1, 5, 0)
export const WorkerAPIVersion0: ApiVersion = newVer(1, 7, 0)
