/**
 * What a node has started, stopped in reverse order: each start-up step pushes how to undo
 * itself, so a failure half-way and a normal shutdown both stop exactly what is running. A
 * component that fails to stop is logged and the rest still stop.
 */
import type { Logger } from '../../log/index.js'

export interface Stoppable {
  name: string
  stop: () => void | Promise<void>
}

export class StopStack {
  private readonly items: Stoppable[] = []

  constructor (private readonly log: Logger) {}

  push (item: Stoppable): void {
    this.items.push(item)
  }

  async stopAll (): Promise<void> {
    for (const s of this.items.splice(0).reverse()) {
      try {
        await s.stop()
      } catch (err) {
        this.log.warn({ err, component: s.name }, 'error while stopping')
      }
    }
  }
}
