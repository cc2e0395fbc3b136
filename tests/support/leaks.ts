/**
 * Counts this process's live handles of the kinds a leak would leave (timers, sockets, servers), so that a test
 * can prove `dispose()` released what an object opened.
 */
export function liveHandles(): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const kind of process.getActiveResourcesInfo()) {
    if (/Timeout|TCP|TLS|Pipe|Immediate/.test(kind)) counts[kind] = (counts[kind] ?? 0) + 1
  }
  return counts
}
