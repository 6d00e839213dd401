/**
 * A node's one way to stop (Lotus's ShutdownChan): the `Shutdown` API call, SIGTERM and
 * SIGINT all pull the same trigger, and the composition root awaits `requested` to run its
 * stop sequence once.
 */
export class ShutdownController {
  /** Resolves with the reason the first time a shutdown is requested. */
  readonly requested: Promise<string>
  private resolve: (reason: string) => void = () => {}
  private signalsBound: Array<[NodeJS.Signals, () => void]> = []

  constructor () {
    this.requested = new Promise((resolve) => { this.resolve = resolve })
  }

  /** Requests a shutdown; later requests are ignored. */
  trigger (reason: string): void {
    this.resolve(reason)
  }

  /** Turns SIGTERM and SIGINT into a shutdown request. */
  bindSignals (signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): this {
    for (const sig of signals) {
      const handler = (): void => { this.trigger(sig) }
      process.on(sig, handler)
      this.signalsBound.push([sig, handler])
    }
    return this
  }

  /** Removes the signal handlers (a second SIGINT then kills the process as usual). */
  unbindSignals (): void {
    for (const [sig, handler] of this.signalsBound) process.off(sig, handler)
    this.signalsBound = []
  }
}
