import { createHook, executionAsyncId } from 'node:async_hooks'

/** Resource kinds a leak would leave behind: timers, sockets, servers. */
// Handles (closed explicitly), not wraps such as TLSWRAP whose destroy only comes with garbage collection.
const KINDS = /^(Timeout|Immediate|TCPWRAP|PIPEWRAP|TCPSERVERWRAP)$/
/**
 * Callbacks that create a handle on our behalf where our frame is no longer on the stack: `listen` creates its
 * server handle in a next tick, or after a DNS lookup.
 */
const CARRIERS = /^(TickObject|GETADDRINFOREQWRAP)$/

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
  /**
   * Waits for handles being closed to be gone (a destroyed socket goes a few turns of the event loop later),
   * then answers those still alive: the leaks.
   */
  settled(options?: { timeoutMs?: number }): Promise<string[]>
  stop(): void
}

/** Our product code, as it appears in stack frames. */
const OWN_CODE = ['/src/main/', '/src/shared/']

/**
 * Records every timer and socket created from `src/` (or from `from`, for the checker's own tests) from now on,
 * and forgets each when Node destroys it. Unlike a count of the whole process, it is blind to the simulator's
 * and the test runner's own handles, so a test can demand exactly zero survivors after `dispose()`.
 */
export function trackHandles(options: { from?: readonly string[] } = {}): HandleTracker {
  const from = options.from ?? OWN_CODE
  const live = new Map<number, string>()
  /** Requests that carry our code's intent into a callback where our frame is gone (a DNS lookup before listen). */
  const carriers = new Map<number, string>()
  let inTracker = false
  const ownFrame = (depth: number): string | undefined => {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = depth
    const stack = new Error().stack
    Error.stackTraceLimit = limit
    return stack
      ?.split('\n')
      .find((line) => from.some((f) => line.includes(f)))
      ?.trim()
  }
  const hook = createHook({
    init(id, type, triggerId) {
      if (inTracker) return
      const isHandle = KINDS.test(type)
      if (!isHandle && !CARRIERS.test(type)) return
      // Deep enough for a handle to reach our frame under Node's own (a TLS socket is a dozen calls below
      // https.request); shallow for the many next ticks, whose creator is near the top.
      const origin =
        carriers.get(triggerId) ?? carriers.get(executionAsyncId()) ?? ownFrame(isHandle ? 60 : 12)
      if (origin === undefined) return
      if (isHandle) live.set(id, `${type} ${origin}`)
      else carriers.set(id, origin)
    },
    destroy(id) {
      live.delete(id)
      carriers.delete(id)
    },
  })
  hook.enable()
  const alive = (): string[] => [...live.values()]
  return {
    alive,
    settled: async ({ timeoutMs = 5_000 } = {}) => {
      const until = Date.now() + timeoutMs
      while (live.size > 0 && Date.now() < until) {
        // The tracker's own waiting is not a leak of the code it watches.
        inTracker = true
        const wait = new Promise((resolve) => setTimeout(resolve, 10))
        inTracker = false
        await wait
      }
      return alive()
    },
    stop: () => hook.disable(),
  }
}

/** Throws, naming each survivor and where our code created it, when handles outlived their owner. */
export async function assertNoLeaks(tracker: HandleTracker, what: string, timeoutMs?: number): Promise<void> {
  const survivors = await tracker.settled(timeoutMs === undefined ? {} : { timeoutMs })
  if (survivors.length > 0) {
    throw new Error(
      `${survivors.length} handle(s) created by PVE Desk outlived ${what}:\n  ${survivors.join('\n  ')}`,
    )
  }
}
