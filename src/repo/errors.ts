/**
 * Errors of the repo layer. Messages follow Lotus's wording where operators see them
 * (`repo is already locked (lotus daemon already running)`, the keystore permission message),
 * so habits and scripts that grep for them carry over.
 */
import { InvalidInputError, NelumboError } from '../core/errors.js'

/** A second process (or a second open in this one) tried to lock a repo that is in use. */
export class RepoAlreadyLockedError extends NelumboError {
  readonly path: string
  constructor (path: string) {
    super('ERR_REPO_LOCKED', 'repo is already locked (lotus daemon already running)')
    this.path = path
  }
}

/** The repo folder has neither `datastore/` nor `keystore/`. */
export class RepoNotInitializedError extends NelumboError {
  readonly path: string
  constructor (path: string, hint = '') {
    super('ERR_REPO_NOT_INITIALIZED', `repo at '${path}' is not initialized${hint}`)
    this.path = path
  }
}

/** `init` on a folder that already holds a repo. */
export class RepoExistsError extends NelumboError {
  readonly path: string
  constructor (path: string) {
    super('ERR_REPO_EXISTS', `repo at '${path}' is already initialized`)
    this.path = path
  }
}

/** The repo handle was closed and then used. */
export class RepoClosedError extends NelumboError {
  constructor () {
    super('ERR_REPO_CLOSED', 'repo is no longer valid (closed)')
  }
}

/** Lotus `types.ErrKeyInfoNotFound`. */
export class KeyInfoNotFoundError extends NelumboError {
  readonly keyName: string
  constructor (context: string, keyName: string) {
    super('ERR_KEY_INFO_NOT_FOUND', `${context} '${keyName}': key info not found`)
    this.keyName = keyName
  }
}

/** Lotus `types.ErrKeyExists`. */
export class KeyExistsError extends NelumboError {
  readonly keyName: string
  constructor (keyName: string) {
    super('ERR_KEY_EXISTS', `checking key before put '${keyName}': key already exists`)
    this.keyName = keyName
  }
}

/** A key file readable by group or others. */
export class KeyPermissionsError extends InvalidInputError {
  constructor (keyName: string, mode: number, file: string) {
    super('ERR_KEY_PERMISSIONS',
      `permissions of key: '${keyName}' are too relaxed, required: 0600, got: 0${(mode & 0o777).toString(8)}`,
      { value: mode, source: file })
  }
}

/** A config file or environment override that cannot be accepted. `source` names file:line or the variable. */
export class ConfigError extends InvalidInputError {
  /** Dotted key path inside the config, e.g. `Dealmaking.Filter`. */
  readonly keyPath: string | undefined
  constructor (message: string, details: { value?: unknown, source?: string, keyPath?: string, cause?: unknown }) {
    super('ERR_CONFIG', message, details)
    this.keyPath = details.keyPath
  }
}

/** A backup file that is truncated, corrupted or not a backup at all. Nothing was restored. */
export class BackupFormatError extends InvalidInputError {
  constructor (message: string, file: string, offset: number, cause?: unknown) {
    super('ERR_BACKUP_FORMAT', `${message} (at byte ${offset})`, { source: file, value: offset, cause })
  }
}
