/**
 * Filesystem figures for storage paths (Lotus `fsutil.Statfs`, `fsutil.FileSize`): the
 * filesystem's capacity and free space, and how many bytes a file or folder really occupies
 * (allocated blocks, so sparse sealing files count what they use).
 */
import { lstat, readdir, statfs } from 'node:fs/promises'
import { join } from 'node:path'

export interface FsFigures { Capacity: number, Available: number, FSAvailable: number }

/** What a storage path needs from the filesystem; tests hand in fakes to play with space. */
export interface StorageFs {
  statFs: (path: string) => Promise<FsFigures>
  /** Bytes used by a file or folder tree; rejects with ENOENT when it does not exist. */
  diskUsage: (path: string) => Promise<number>
}

export async function statFilesystem (path: string): Promise<FsFigures> {
  const s = await statfs(path)
  const avail = s.bavail * s.bsize
  return { Capacity: s.blocks * s.bsize, Available: avail, FSAvailable: avail }
}

export async function diskUsage (path: string): Promise<number> {
  const st = await lstat(path)
  let total = st.blocks * 512
  if (!st.isDirectory()) return total
  for (const name of await readdir(path)) {
    try {
      total += await diskUsage(join(path, name))
    } catch (err) {
      // A file removed while we walk (a finished fetch, a removed sector) just no longer counts.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
  return total
}

export const nodeStorageFs: StorageFs = { statFs: statFilesystem, diskUsage }

export function isNotFound (err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}
