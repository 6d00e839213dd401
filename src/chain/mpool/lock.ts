/**
 * Serialisation for async work. The pool's checks read state across awaits, so two pushes must
 * not interleave between "check" and "add" (Lotus holds mp.lk and addSema for the same reason);
 * MpoolPushMessage holds a per-sender lock from nonce assignment to push (Lotus MpoolLocker).
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve()

  /** Runs `fn` after every earlier `run` has settled; its result or error is passed through. */
  run<T> (fn: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(fn)
    this.tail = result.catch(() => undefined)
    return result
  }
}

/** One Mutex per key, dropped when idle. */
export class KeyedMutex {
  private readonly locks = new Map<string, { mutex: Mutex, users: number }>()

  async run<T> (key: string, fn: () => Promise<T> | T): Promise<T> {
    let entry = this.locks.get(key)
    if (entry === undefined) {
      entry = { mutex: new Mutex(), users: 0 }
      this.locks.set(key, entry)
    }
    entry.users++
    try {
      return await entry.mutex.run(fn)
    } finally {
      entry.users--
      if (entry.users === 0) this.locks.delete(key)
    }
  }
}
