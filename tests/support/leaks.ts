import { createHook } from 'node:async_hooks'

/** Resource kinds a leak would leave behind: timers, sockets, servers. */
// Handles (closed explicitly), not wraps such as TLSWRAP whose destroy only comes with garbage collection.
const KINDS = /^(Timeout|Immediate|TCPWRAP|PIPEWRAP|TCPSERVERWRAP)$/

/**
 * Counts this process's live handles of the kinds a leak would leave (timers, sockets, servers), so that a test
 * can compare before and after.
 */
export function liveHandles(): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const kind of process.getActiveResourcesInfo()) {
    if (/Timeout|TCP|TLS|Pipe|Immediate/.test(kind)) counts[kind] = (counts[kind] ?? 0) + 1
  }
  return counts
}

export interface HandleTracker {
  /** Handles created by our own code (src/) since `trackHandles()` that are still alive, with where they came from. */
  alive(): string[]
  stop(): void
}

/**
 * Records every timer and socket created from `src/` from now on, and forgets each when Node destroys it. Unlike a
 * count of the whole process, it is blind to the simulator's and the test runner's own handles, so a test can
 * demand exactly zero survivors after `dispose()`.
 */
export function trackHandles(): HandleTracker {
  const live = new Map<number, string>()
  const hook = createHook({
    init(id, type) {
      if (!KINDS.test(type)) return
      const frame = new Error().stack
        ?.split('\n')
        .find((line) => line.includes('/src/main/') || line.includes('/src/shared/'))
      if (frame !== undefined) live.set(id, `${type} ${frame.trim()}`)
    },
    destroy(id) {
      live.delete(id)
    },
  })
  hook.enable()
  return { alive: () => [...live.values()], stop: () => hook.disable() }
}
